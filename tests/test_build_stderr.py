"""A chapter cell that writes to stderr (a warning, say) stops the build, naming it and the cell."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import execute_notebooks  # noqa: E402

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A tiny chapter

```{code-cell} ipython3
x = 1
```

Some prose.

```{code-cell} ipython3
"""


def _chapter(folder: Path, code: str) -> Path:
    path = folder / "tiny.md"
    path.write_text(FRONT_MATTER + code + "\n```\n")
    return path


@pytest.fixture
def chapter_at(tmp_path, monkeypatch):
    """Make ``execute_notebooks.main`` execute one tiny chapter into ``tmp_path``'s cache."""

    def made(code: str) -> Path:
        path = _chapter(tmp_path, code)
        monkeypatch.setattr(execute_notebooks, "chapters", lambda: [path])
        return path

    return made


def test_a_warning_in_a_cell_stops_the_build_naming_the_chapter_and_the_cell(
    chapter_at, tmp_path, capsys
):
    path = chapter_at('import warnings\nwarnings.warn("careful: this is published")')
    assert execute_notebooks.main([str(tmp_path / "_build"), "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert f"{path}: code cell 2, line 20 ('import warnings') wrote to stderr:" in out
    assert "UserWarning: careful: this is published" in out
    assert "wrote to stderr" in err and "not building" in err
    from jupyter_cache import get_cache

    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    with pytest.raises(KeyError):  # not cached: the next run executes it again
        cache.match_cache_notebook(execute_notebooks.read(path))


def test_a_runtime_warning_and_printing_to_stderr_count_too(tmp_path):
    code = 'import numpy, sys\nnumpy.log(numpy.array([0.0]))\nprint("note", file=sys.stderr)'
    _, notebook, _, error = execute_notebooks.execute(_chapter(tmp_path, code))
    assert error is None
    found = execute_notebooks.stderr_outputs(notebook)
    assert {number for number, _, _ in found} == {2}
    assert "RuntimeWarning: divide by zero" in "".join(text for _, _, text in found)
    assert "note" in "".join(text for _, _, text in found)


def test_a_quiet_chapter_is_cached_and_the_run_succeeds(chapter_at, tmp_path, capsys):
    path = chapter_at('print("to stdout, as pages show")')
    assert execute_notebooks.main([str(tmp_path / "_build"), "--jobs", "1"]) == 0
    assert "wrote to stderr" not in capsys.readouterr().out
    from jupyter_cache import get_cache

    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    cache.match_cache_notebook(execute_notebooks.read(path))  # KeyError if not cached


def test_code_cells_are_found_where_the_source_has_them(tmp_path):
    path = _chapter(tmp_path, "y = 2")
    assert execute_notebooks.code_cell_lines(path) == [14, 20]


def _built_notebooks() -> list[Path]:
    teacher = ROOT / "_build" / "html" / "_sources"
    student = ROOT / "_build" / "student" / "_build" / "html" / "_sources"
    return sorted(teacher.rglob("*.ipynb")) + sorted(student.rglob("*.ipynb"))


def test_no_built_page_shows_stderr():
    """Both editions, whoever executed them (the student edition is executed by its build)."""
    import nbformat

    from tests.browser import HTML, unavailable

    if not HTML.is_dir():
        unavailable("the book is not built (make book)")
    found = [
        f"{path.relative_to(ROOT)}: code cell {number} ({first_line!r}): {text.strip()[:200]}"
        for path in _built_notebooks()
        for number, first_line, text in execute_notebooks.stderr_outputs(nbformat.read(path, 4))
    ]
    assert _built_notebooks(), "the built book offers its chapters as notebooks"
    assert not found, "\n".join(found)

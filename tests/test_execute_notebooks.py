"""The parallel pre-execution keys each chapter as MyST-NB does, so the build executes none."""

import sys
from pathlib import Path

import pytest

from tests.browser import HTML, unavailable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import execute_notebooks  # noqa: E402


def test_every_chapter_with_code_is_found_in_book_order():
    names = [path.relative_to(ROOT).as_posix() for path in execute_notebooks.chapters()]
    assert names[:2] == ["chapters/model.md", "chapters/bertrand.md"]
    assert {"chapters/atlas.md", "chapters/errata.md", "chapters/verification.md"} <= set(names)
    assert "references.md" not in names  # no code cells


def test_the_built_book_took_every_chapter_from_the_pre_executed_cache():
    """A key that differed from MyST-NB's would make the build execute chapters again."""
    if not HTML.is_dir():
        unavailable("the book is not built (make book)")
    from jupyter_cache import get_cache

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    for path in execute_notebooks.chapters():
        cache.match_cache_notebook(execute_notebooks.read(path))  # KeyError if missing


def test_a_bad_job_count_is_refused():
    with pytest.raises(SystemExit):
        execute_notebooks.main(["_build", "--jobs", "0"])

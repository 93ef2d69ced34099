"""No stale outputs: a change to isacmodel/ or the pins re-executes every notebook."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_stamp  # noqa: E402
from source_copy import copy_sources  # noqa: E402


def test_digest_changes_with_the_package_and_the_pins(tmp_path):
    root = copy_sources(tmp_path)
    before = build_stamp.inputs_digest(root)
    with (root / "isacmodel" / "core" / "model.py").open("a") as handle:
        handle.write("\n# a change\n")
    after_code = build_stamp.inputs_digest(root)
    with (root / "requirements.txt").open("a") as handle:
        handle.write("\n# a change\n")
    assert len({before, after_code, build_stamp.inputs_digest(root)}) == 3


def test_chapters_are_not_inputs_of_the_stamp(tmp_path):
    # notebook code is jupyter-cache's job; the stamp covers what the cache cannot see
    root = copy_sources(tmp_path)
    before = build_stamp.inputs_digest(root)
    (root / "chapters" / "model.md").write_text("changed")
    assert build_stamp.inputs_digest(root) == before


def test_check_removes_a_stale_build_and_keeps_a_current_one(tmp_path):
    root = copy_sources(tmp_path)
    build = root / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    assert "removed" in build_stamp.check(build, root)  # never stamped: not trusted
    (build / ".jupyter_cache").mkdir(parents=True)
    build_stamp.write(build, root)
    assert build_stamp.check(build, root) == "build is current"
    assert (build / ".jupyter_cache").is_dir()
    with (root / "isacmodel" / "core" / "params.py").open("a") as handle:
        handle.write("\n")
    assert "removed" in build_stamp.check(build, root)
    assert not build.exists()


def _execution_times(build: Path) -> list[float]:
    from jupyter_cache import get_cache

    records = get_cache(build / ".jupyter_cache").list_cache_records()
    return [record.created.timestamp() for record in records]


def _stub_chapters(root: Path) -> None:
    """Replace each chapter by a small notebook with the same labels that imports isacmodel.

    The stamp's job does not depend on what the notebooks compute, and executing the
    real chapters three times would take minutes.
    """
    for path in (root / "chapters").glob("*.md"):
        text = path.read_text()
        front_matter = "---" + text.split("---", 2)[1] + "---\n"
        labels = re.findall(r"^\((.+)\)=$", text, flags=re.MULTILINE)
        labels += re.findall(r"^:label: (ex-[\w-]+)$", text, flags=re.MULTILINE)  # exercises
        title = re.search(r"^# (.+)$", text, flags=re.MULTILINE).group(1)
        body = [f"({labels[0]})=", f"# {title}", ""]
        body += [f"({label})=\n## {label}\n" for label in labels[1:]]
        # distinct code per chapter: jupyter-cache keys a notebook on its code cells
        body += ["```{code-cell} ipython3", "import isacmodel", "", f'chapter = "{path.stem}"',
                 "isacmodel.__version__", "```"]  # fmt: skip
        path.write_text(front_matter + "\n".join(body) + "\n")


@pytest.mark.slow
def test_make_book_re_executes_notebooks_after_a_package_change(tmp_path):
    """Run the real `make book` in a copy (chapters stubbed), change isacmodel/, run it again."""
    root = copy_sources(tmp_path / "book")
    _stub_chapters(root)
    venv = Path(sys.prefix)
    make = ["make", "book", f"VENV={venv}", "-o", f"{venv}/.installed"]
    env = {**os.environ, "PYTHONPATH": str(root)}  # the kernel imports the copy's isacmodel

    first = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    unchanged = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert unchanged.returncode == 0, unchanged.stdout[-3000:] + unchanged.stderr[-3000:]
    assert "build is current" in unchanged.stdout

    changed_at = time.time()
    with (root / "isacmodel" / "core" / "params.py").open("a") as handle:
        handle.write("\n# a one-line change\n")
    rebuilt = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    assert "inputs changed" in rebuilt.stdout
    second = _execution_times(root / "_build")
    chapters = len(list((root / "chapters").glob("*.md")))
    assert len(second) == chapters
    assert all(created >= changed_at for created in second), "a notebook was served from cache"

"""No stale outputs: a change to isacmodel/ or the pins re-executes every notebook."""

import os
import shutil
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
    with (root / "isacmodel" / "model.py").open("a") as handle:
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
    with (root / "isacmodel" / "params.py").open("a") as handle:
        handle.write("\n")
    assert "removed" in build_stamp.check(build, root)
    assert not build.exists()


def _execution_times(build: Path) -> list[float]:
    from jupyter_cache import get_cache

    records = get_cache(build / ".jupyter_cache").list_cache_records()
    return [record.created.timestamp() for record in records]


@pytest.mark.slow
def test_make_book_re_executes_notebooks_after_a_package_change(tmp_path):
    """Run the real `make book` in a copy, change one line of isacmodel/, run it again."""
    if not (ROOT / "_build" / ".jupyter_cache").is_dir() or not build_stamp.is_current(
        ROOT / "_build"
    ):
        pytest.skip("needs a current build of the book (make book)")
    root = copy_sources(tmp_path / "book")
    shutil.copytree(ROOT / "_build", root / "_build", symlinks=True)
    venv = Path(sys.prefix)
    make = ["make", "book", f"VENV={venv}", "-o", f"{venv}/.installed"]
    env = {**os.environ, "PYTHONPATH": str(root)}  # the kernel imports the copy's isacmodel

    unchanged = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert unchanged.returncode == 0, unchanged.stdout[-3000:] + unchanged.stderr[-3000:]
    assert "build is current" in unchanged.stdout

    changed_at = time.time()
    with (root / "isacmodel" / "params.py").open("a") as handle:
        handle.write("\n# a one-line change\n")
    rebuilt = subprocess.run(make, cwd=root, env=env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    assert "inputs changed" in rebuilt.stdout
    second = _execution_times(root / "_build")
    chapters = len(list((root / "chapters").glob("*.md")))
    assert len(second) == chapters
    assert all(created >= changed_at for created in second), "a notebook was served from cache"

"""Every chapter executes top to bottom in a fresh kernel, as a reader would run it.

``make test`` builds the book first, and the strict build (``raise_on_error``)
executes each chapter in a fresh kernel and caches it with jupyter-cache.  When the
build is stamped as current for the package and requirements
(``tools/build_stamp.py``) and the cache holds this exact notebook, that execution
is the evidence and the chapter is not run a second time; otherwise it is executed
here.
"""

import pathlib
import sys

import jupytext
import pytest
from jupyter_cache import get_cache
from nbclient import NotebookClient

BOOK = pathlib.Path(__file__).resolve().parents[1]
BUILD = BOOK / "_build"
CHAPTERS = sorted((BOOK / "chapters").glob("*.md"))
sys.path.insert(0, str(BOOK / "tools"))

import build_stamp  # noqa: E402


def executed_by_current_build(notebook) -> bool:
    """Whether the strict build executed this notebook's code against the current package."""
    if not build_stamp.is_current(BUILD):
        return False
    try:
        get_cache(BUILD / ".jupyter_cache").match_cache_notebook(notebook)
    except KeyError:
        return False
    return True


def test_there_are_chapters():
    assert len(CHAPTERS) >= 2


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_executes(path):
    notebook = jupytext.read(path)
    if executed_by_current_build(notebook):
        return
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()


def test_a_changed_code_cell_is_not_taken_from_the_cache():
    notebook = jupytext.read(CHAPTERS[0])
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.source += "\nassert True  # changed"
    assert not executed_by_current_build(notebook)

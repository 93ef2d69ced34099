"""Every chapter executes top to bottom in a fresh kernel, as a reader would run it."""

import pathlib

import jupytext
import pytest
from nbclient import NotebookClient

BOOK = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((BOOK / "chapters").glob("*.md"))


def test_there_are_chapters():
    assert len(CHAPTERS) >= 2


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_executes(path):
    notebook = jupytext.read(path)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()

"""The student edition: no solution on any page, in any notebook or source it offers.

(The teacher edition keeps every solution, collapsed in a dropdown.)

The browser tests compare the student build (``make book-student``) with the teacher
build (``make book``): every solution the teacher edition shows is collected from its
pages, and none of its text may appear in the student edition's pages or downloads,
while every exercise stays.
"""

import json
import sys
from pathlib import Path

import nbformat
import pytest

from tests.browser import link_problems, open_page, unavailable

BOOK = Path(__file__).resolve().parents[1]
TEACHER = BOOK / "_build" / "html"
STUDENT = BOOK / "_build" / "student" / "_build" / "html"
CHAPTERS = ["model", "bertrand", "welfare", "sequential", "volume", "mechanism"]

sys.path.insert(0, str(BOOK / "_ext"))
from editions import without_solutions  # noqa: E402

_SOLUTIONS = "[...document.querySelectorAll('div.solution')].map(s => s.textContent.trim())"
_OPEN_SOLUTIONS = "document.querySelectorAll('div.solution:not(.dropdown)').length"
_EXERCISES = "[...document.querySelectorAll('div.exercise')].length"
_DOWNLOADS = "[...document.querySelectorAll('.dropdown-download-buttons a')].map(a => a.href)"


def _notebook(*cells) -> nbformat.NotebookNode:
    made = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    return nbformat.v4.new_notebook(cells=[made[kind](text) for kind, text in cells])


def _texts(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells]


def test_a_one_block_solution_is_removed_and_the_exercise_kept():
    notebook = _notebook(
        ("markdown", "```{exercise}\n:label: ex-a\nWhy?\n```\n\n```{solution} ex-a\n"
                     ":class: dropdown\nBecause.\n```\n\nAfter the solution."),
    )  # fmt: skip
    (kept,) = _texts(without_solutions(notebook))
    assert "Why?" in kept and "After the solution." in kept
    assert "Because" not in kept and "{solution}" not in kept


def test_a_gated_solution_goes_with_its_code_cells():
    notebook = _notebook(
        ("markdown", "Text.\n\n```{solution-start} ex-a\n:class: dropdown\n```\n\nWe compute:"),
        ("code", "answer = 42"),
        ("markdown", "So it is 42.\n\n```{solution-end}\n```\n\nNext section."),
        ("code", "print('kept')"),
    )
    assert _texts(without_solutions(notebook)) == ["Text.", "Next section.", "print('kept')"]


def test_colon_fences_and_a_notebook_without_solutions():
    notebook = _notebook(("markdown", ":::{solution} ex-a\nSecret.\n:::\nVisible."),
                         ("code", "x = 1"))  # fmt: skip
    assert _texts(without_solutions(notebook)) == ["Visible.", "x = 1"]
    plain = _notebook(("markdown", "No exercise here."), ("code", "y = 2"))
    assert without_solutions(plain) == plain


# ----------------------------------------------------------------- the two builds
@pytest.fixture(scope="module")
def teacher_solutions(browser):
    if not (TEACHER.is_dir() and STUDENT.is_dir()):
        unavailable("both editions must be built (run `make book-student`)")
    solutions = {}
    for chapter in CHAPTERS:
        page, problems = open_page(browser, TEACHER / "chapters" / f"{chapter}.html")
        solutions[chapter] = page.evaluate(_SOLUTIONS)
        assert page.evaluate(_OPEN_SOLUTIONS) == 0, f"{chapter}: a solution is not collapsed"
        page.close()
        assert not problems
    return solutions


def _fingerprints(solution: str) -> list[str]:
    """Lines of a solution long enough to be its own (titles like "Solution" are not)."""
    return [line for line in solution.splitlines() if len(line) > 40][:3]


@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_pages_have_the_exercises_but_no_solution(browser, teacher_solutions, chapter):
    assert len(teacher_solutions[chapter]) >= 2  # the teacher edition shows them
    teacher_source = (TEACHER / "_sources" / "chapters" / f"{chapter}.md").read_text()
    assert any(
        line in teacher_source
        for solution in teacher_solutions[chapter]
        for line in _fingerprints(solution)
    )  # fmt: skip  (the check can find them)
    page, problems = open_page(browser, STUDENT / "chapters" / f"{chapter}.html")
    text = page.text_content("article")
    assert page.evaluate(_SOLUTIONS) == []
    assert page.evaluate(_EXERCISES) >= 2
    downloads = page.evaluate(_DOWNLOADS)
    problems += link_problems(page)
    page.close()
    assert not problems
    offered = [Path(link.removeprefix("file://")) for link in downloads
               if link.endswith((".ipynb", ".md"))]  # fmt: skip
    assert {path.suffix for path in offered} == {".ipynb", ".md"}
    files = {path.suffix: path.read_text(encoding="utf-8") for path in offered}
    assert json.loads(files[".ipynb"])["cells"]
    for solution in teacher_solutions[chapter]:
        for line in _fingerprints(solution):
            assert line not in text, line
            for suffix, content in files.items():
                assert line not in content and json.dumps(line)[1:-1] not in content, suffix
    assert "{solution" not in files[".md"] and "{solution" not in files[".ipynb"]

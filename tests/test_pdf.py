"""The PDF of the whole book (``make pdf``) and the notebooks for a course (``make notebooks``).

The PDF is built only where texlive is installed: without it the PDF tests skip, except
in CI (``CI=true``), which installs texlive and so must have the PDF.
"""

import json
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from tests.browser import IN_CI, unavailable

BOOK = Path(__file__).resolve().parents[1]
PDF = BOOK / "_build" / "isac-book.pdf"
NOTEBOOKS = BOOK / "notebooks"
CHAPTERS = ["model", "bertrand", "welfare", "sequential", "volume", "mechanism"]


@cache
def _pages() -> tuple[str, ...]:
    pypdf = pytest.importorskip("pypdf")
    return tuple(page.extract_text() for page in pypdf.PdfReader(PDF).pages)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    if not PDF.is_file():
        if IN_CI or shutil.which("latexmk"):
            pytest.fail(f"{PDF} is missing although texlive is installed (run `make pdf`)")
        pytest.skip("no texlive here, so no PDF (make pdf installs it on Debian)")
    return "\n".join(_pages())


def test_the_pdf_has_every_chapter_under_its_part(pdf_text):
    titles = ["The model", "The security stage", "Coordination and welfare", "Sequential entry",
              "Volume-related costs", "Appendix B", "Course guide", "The model at a glance",
              "Errata"]  # fmt: skip
    contents = _pages()[2] + _pages()[3]
    for number, title in enumerate(titles[:6], start=1):
        assert re.search(rf"{number}\s+{re.escape(title)}", contents), title
    for part in ["The paper, section by section", "For teachers", "Reference"]:
        assert part in contents
    assert len(_pages()) > 60


def test_no_reference_is_left_unresolved(pdf_text):
    assert "??" not in pdf_text


def test_exercise_references_carry_the_exercise_numbers(pdf_text):
    """The course guide's references match the numbers the exercises print."""
    printed = set(re.findall(r"Solution to Exercise (\d+\.\d+)", pdf_text))
    guide = pdf_text[pdf_text.index("Learning goals") :]
    referenced = re.findall(r"Exercise (\d+\.\d+) \(", guide)
    assert len(referenced) >= 12 and len(set(referenced)) == len(referenced)
    assert set(referenced) <= printed


def test_propositions_equations_and_figures_are_numbered(pdf_text):
    assert re.search(r"Proposition 2\.1 \(", pdf_text)
    assert re.search(r"\(1\.1\)", pdf_text)
    assert re.search(r"Fig\. 1\.1", pdf_text)


def test_live_widgets_are_dropped(pdf_text):
    for widget_repr in ["interactive(", "VBox(", "HBox(", "IntSlider(", "FloatSlider("]:
        assert widget_repr not in pdf_text


def _notebooks(folder: Path) -> dict[str, dict]:
    if not NOTEBOOKS.is_dir():
        unavailable("no notebooks/ (run `make notebooks`)")
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.ipynb"))}


@pytest.mark.parametrize("folder", [NOTEBOOKS, NOTEBOOKS / "student"], ids=["teacher", "student"])
def test_make_notebooks_writes_every_chapter_executed(folder):
    notebooks = _notebooks(folder)
    assert set(CHAPTERS) <= set(notebooks)
    for name in CHAPTERS:
        code = [cell for cell in notebooks[name]["cells"] if cell["cell_type"] == "code"]
        assert code and any(cell["outputs"] for cell in code), name


def test_the_student_notebooks_have_no_solutions():
    teacher, student = _notebooks(NOTEBOOKS), _notebooks(NOTEBOOKS / "student")
    for name in CHAPTERS:
        assert "{solution" in json.dumps(teacher[name]) and "{exercise" in json.dumps(student[name])
        assert "{solution" not in json.dumps(student[name]), name
        assert len(student[name]["cells"]) < len(teacher[name]["cells"])

"""The built HTML book in a real browser, offline: no errors, no network, typeset math.

Skips (with the reason) when the book is not built or chromium is missing, except in CI
(``CI=true``), where a skipped browser test would hide a broken book, so it fails instead.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser import HTML, PAGES, open_page, page_problems, unavailable

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True, scope="module")
def built_book():
    if not HTML.is_dir():
        unavailable("the book is not built (run `make book`)")


def test_the_book_has_its_pages():
    if not PAGES:
        unavailable("the book is not built (run `make book`)")
    names = {p.relative_to(HTML).as_posix() for p in PAGES}
    assert {"intro.html", "chapters/model.html", "chapters/errata.html",
            "teaching/course-guide.html", "teaching/glance.html"} <= names  # fmt: skip


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(HTML).as_posix())
def test_page_reads_offline_without_errors(browser, path):
    problems = page_problems(browser, path)
    assert not problems, "\n".join(problems)


def test_model_at_a_glance_prints_on_one_a4_page(browser):
    page, problems = open_page(browser, HTML / "teaching" / "glance.html")
    page.evaluate("MathJax.startup.promise")
    pdf = page.pdf(format="A4")
    page.close()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert not problems


def test_course_guide_links_every_chapter_and_its_exercises(browser):
    page, problems = open_page(browser, HTML / "teaching" / "course-guide.html")
    targets = page.evaluate("[...document.querySelectorAll('article a[href]')].map(a => a.href)")
    page.close()
    chapters = {"model", "bertrand", "welfare", "sequential", "volume", "mechanism"}
    linked = {re.search(r"chapters/(\w+)\.html", t).group(1) for t in targets
              if re.search(r"chapters/(\w+)\.html#ex-", t)}  # fmt: skip
    assert linked == chapters
    assert not problems


@pytest.mark.parametrize("chapter", ["model", "bertrand", "welfare", "sequential", "volume",
                                     "mechanism"])  # fmt: skip
def test_chapter_offers_its_executed_notebook_for_download(browser, chapter):
    import json

    page, problems = open_page(browser, HTML / "chapters" / f"{chapter}.html")
    links = page.evaluate(
        "[...document.querySelectorAll('.dropdown-download-buttons a')].map(a => a.href)"
    )
    page.close()
    notebooks = [link for link in links if link.endswith(".ipynb")]
    assert len(notebooks) == 1, links
    notebook = json.loads(Path(unquote(urlsplit(notebooks[0]).path)).read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert notebook["nbformat"] == 4 and code and any(cell["outputs"] for cell in code)
    assert not problems


def test_math_is_typeset_on_the_model_page(browser):
    page, problems = open_page(browser, HTML / "chapters" / "model.html")
    page.evaluate("MathJax.startup.promise")
    assert page.evaluate("document.querySelectorAll('mjx-container').length") > 50
    page.close()
    assert not problems


@pytest.mark.parametrize(
    ("chapter", "first", "second"),
    [
        ("model", "delta_d = 0.25", "delta_d = 0.5"),
        ("bertrand", "b2 = 0.6", "b2 = 0.7"),
        ("welfare", "delta_c = 0.5", "delta_c = 0.6"),
        ("sequential", "b2 = 0.6", "b2 = 0.7"),
        ("volume", "delta_hat = 1", "delta_hat = 1.5"),
        ("mechanism", "delta_c = 0.5", "delta_c = 0.6"),
    ],
)
def test_kernel_free_slider_switches_frames(browser, chapter, first, second):
    page, problems = open_page(browser, HTML / "chapters" / f"{chapter}.html")
    slider = page.locator(".isac-frames input[type=range]").first
    readout = page.locator(".isac-frames output").first
    visible = ".isac-frames img:not([hidden])"
    before = (readout.inner_text(), page.locator(visible).first.get_attribute("src"))
    assert page.locator(visible).count() == 1
    slider.focus()
    page.keyboard.press("ArrowRight")
    after = (readout.inner_text(), page.locator(visible).first.get_attribute("src"))
    assert page.locator(visible).count() == 1
    assert before[0] == first and after[0] == second
    assert before[1] != after[1], "the picture did not change with the slider"
    page.close()
    assert not problems


def test_negative_control_a_cdn_mathjax_page_fails(browser, tmp_path):
    """The same checks catch a build that loads MathJax from a CDN."""
    copy = tmp_path / "html"
    shutil.copytree(HTML, copy, ignore=shutil.ignore_patterns("mathjax"))
    page_path = copy / "chapters" / "model.html"
    html = page_path.read_text()
    cdn = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"
    html, count = re.subn(r'src="[^"]*_static/mathjax/[^"]*"', f'src="{cdn}"', html)
    assert count == 1
    html = html.replace("</article>", '<a href="nowhere.html#gone">broken</a></article>', 1)
    view = '<script type="application/vnd.jupyter.widget-view+json">{}</script>'
    html = html.replace("</article>", view + "</article>", 1)
    page_path.write_text(html)
    problems = page_problems(browser, page_path)
    assert any("request leaving the machine: " + cdn in p for p in problems), problems
    assert any("untypeset" in p or "MathJax did not start" in p for p in problems), problems
    assert any(p.startswith("broken link:") and "nowhere.html" in p for p in problems), problems
    assert any("ipywidget view(s) embedded" in p for p in problems), problems

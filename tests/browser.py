"""Open a built page in headless Chromium (Debian's, via pip playwright) and list its problems.

Used by ``tests/test_browser.py``; kept apart so the negative control (a page that loads
MathJax from a CDN) runs through exactly the same checks as the real pages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file://", "data:", "blob:", "about:")
IN_CI = os.environ.get("CI", "").lower() == "true"
#: The built HTML book and its content pages (index.html only redirects).
HTML = Path(__file__).resolve().parents[1] / "_build" / "html"
NOT_CONTENT = {"search.html", "genindex.html", "index.html"}
PAGES = (
    sorted(
        p
        for p in HTML.rglob("*.html")
        if p.name not in NOT_CONTENT and not {"_static", "_sources"} & set(p.parts)
    )  # fmt: skip
    if HTML.is_dir()
    else []
)


def unavailable(reason: str):
    """Skip a browser test that cannot run here, but fail it in CI (``CI=true``).

    In CI a skipped browser test would hide a broken book.
    """
    import pytest

    if IN_CI:
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


_VISIBLE_TEXT = """(() => {
  const root = document.querySelector('article') || document.body;
  const copy = root.cloneNode(true);
  copy.querySelectorAll('pre, code, script, .highlight, mjx-container').forEach(e => e.remove());
  return copy.innerText;
})()"""

_INTERNAL_LINKS = """[...document.querySelectorAll('a[href]')]
  .map(a => a.href).filter(h => h.startsWith('file://'))"""


def open_page(browser, path: Path):
    """Load ``path`` with every non-local request blocked; return (page, problems)."""
    page = browser.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(LOCAL_SCHEMES):
            request_route.continue_()
        else:
            problems.append(f"request leaving the machine: {url}")
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def math_problems(page) -> list[str]:
    """Math that MathJax did not typeset, or raw TeX delimiters left in the text."""
    problems = []
    if page.evaluate("document.querySelectorAll('.math').length") > 0:
        try:
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15000
            )
            page.evaluate("MathJax.startup.promise")
        except Exception as error:  # noqa: BLE001 - reported as a page problem
            return [f"MathJax did not start: {type(error).__name__}"]
        untypeset = page.evaluate(
            "[...document.querySelectorAll('.math')]"
            ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60))"
        )
        if untypeset:
            problems.append(f"untypeset math: {untypeset[:5]}")
    text = page.evaluate(_VISIBLE_TEXT)
    for delimiter in ("$$", "\\[", "\\(", "\\begin{"):
        if delimiter in text:
            at = text.index(delimiter)
            problems.append(f"raw TeX {delimiter!r} in page text: {text[at - 30 : at + 30]!r}")
    return problems


def link_problems(page) -> list[str]:
    """Internal links whose target file or anchor does not exist."""
    problems = []
    for href in sorted(set(page.evaluate(_INTERNAL_LINKS))):
        parts = urlsplit(href)
        target = Path(unquote(parts.path))
        if not target.exists():
            problems.append(f"broken link: {href}")
        elif parts.fragment and target.suffix == ".html":
            html = target.read_text(errors="replace")
            if f'id="{parts.fragment}"' not in html:
                problems.append(f"missing anchor: {href}")
    return problems


def widget_problems(page) -> list[str]:
    """Embedded ipywidgets views: dead in the static book, which loads no widget manager."""
    views = page.evaluate(
        "document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length"
    )
    if views:
        return [f"{views} ipywidget view(s) embedded: tag live-widget cells remove-output"]
    return []


def page_problems(browser, path: Path) -> list[str]:
    """Everything wrong with one page: errors, network, math, links, dead widgets."""
    page, problems = open_page(browser, path)
    try:
        problems += math_problems(page)
        problems += link_problems(page)
        problems += widget_problems(page)
        page.wait_for_timeout(200)  # let late console errors arrive
    finally:
        page.close()
    return problems

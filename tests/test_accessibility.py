"""Every page of the built book passes axe-core with no serious or critical violation.

axe-core is vendored into the virtual environment by ``tools/vendor_axe.py`` (pinned,
from PyPI).  Like the other browser tests (``browser`` is the fixture of conftest.py) this
skips, with the reason, when axe-core or chromium is missing, except in CI (``CI=true``),
where it fails instead.
"""

import sys
from pathlib import Path

import pytest

from tests.browser import HTML, PAGES, open_page, unavailable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from vendor_axe import AXE_JS, is_vendored  # noqa: E402

FAILING = ("serious", "critical")
TARGETS_SHOWN = 3
pytestmark = pytest.mark.browser

_TYPESET = "!document.querySelector('.math') || (window.MathJax && MathJax.startup)"
_AXE_RUN = "axe.run(document, {resultTypes: ['violations']})"


@pytest.fixture(scope="module")
def axe_js():
    if not is_vendored(AXE_JS):
        unavailable(f"axe-core is not at {AXE_JS} (run .venv/bin/python tools/vendor_axe.py)")
    return AXE_JS


def axe_violations(browser, path: Path, axe_js: Path) -> list[dict]:
    """Run axe-core on the page at ``path``, once MathJax has typeset it; its violations."""
    page, _ = open_page(browser, path)  # console errors and network: tests/test_browser.py
    try:
        page.wait_for_function(_TYPESET, timeout=15000)
        page.evaluate("window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
        page.add_script_tag(path=axe_js)
        return page.evaluate(_AXE_RUN)["violations"]
    finally:
        page.close()


def serious_problems(violations: list[dict]) -> list[str]:
    """One line per serious or critical violation: rule, impact, targets, the first why."""
    problems = []
    for violation in violations:
        if violation["impact"] not in FAILING:
            continue
        nodes = violation["nodes"]
        targets = [" ".join(node["target"]) for node in nodes[:TARGETS_SHOWN]]
        more = f" and {len(nodes) - TARGETS_SHOWN} more" if len(nodes) > TARGETS_SHOWN else ""
        why = (nodes[0].get("failureSummary") or "").strip().splitlines()[-1:]
        problems.append(
            f"{violation['id']} ({violation['impact']}, {len(nodes)} element(s)): "
            f"{violation['help']}; at {targets}{more}; first: {''.join(why).strip()}"
        )
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(HTML).as_posix())
def test_page_has_no_serious_accessibility_violation(axe_js, browser, path):
    problems = serious_problems(axe_violations(browser, path, axe_js))
    page = path.relative_to(HTML).as_posix()
    assert not problems, f"axe-core on {page}:\n" + "\n".join(problems)


def test_negative_control_an_inaccessible_page_fails(axe_js, browser, tmp_path):
    """The same check reports a picture without alt text and an input without a label."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main>'
        '<h1>Bad</h1><img src="plot.png"><input type="text" name="delta"></main></body></html>'
    )
    problems = serious_problems(axe_violations(browser, page, axe_js))
    assert any(p.startswith("image-alt (critical") and "img" in p for p in problems), problems
    assert any(p.startswith("label (critical") for p in problems), problems

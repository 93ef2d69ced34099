"""Fixtures shared by the browser tests (tests/test_browser.py, test_editions.py, ...)."""

import os

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, unavailable


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium driven by playwright (skips, or fails in CI, without it)."""
    if not os.path.exists(CHROMIUM):
        unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()

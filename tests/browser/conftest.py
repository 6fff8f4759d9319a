"""Browser fixtures: the built site served on loopback, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import pytest

from tests.conftest import chromium_path
from tests.localserver import serving

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server(site_dir):
    """Serve the built site at http://127.0.0.1:PORT/ for the whole session."""
    with serving(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (make test does this when run as root)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request, artifacts):
    """A fresh desktop page; on failure its screenshot is saved to test-artifacts/."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=False)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)

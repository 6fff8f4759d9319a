"""The reading lists in Chromium: moment links land, folded moments open, phones do not scroll sideways."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

pytestmark = pytest.mark.browser

VISION = "episodes/2024-in-vision-ls-live-neurips/"
BOLT = "episodes/bolt-new-flow-engineering-for-code-agents/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def served(site_dir):
    """The built site on loopback, and Chromium to read it."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: `apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield browser, f"http://127.0.0.1:{httpd.server_address[1]}/"
        browser.close()
    httpd.shutdown()


def _open(served, path: str, width: int = 1280, scheme: str = "light"):
    browser, root = served
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(root + path)
    return page


def test_a_moment_link_lands_on_its_segment(served):
    page = _open(served, VISION)
    link = page.locator("li.rl-item a.rl-moment").first
    # Scripts may rewrite the link to a full URL; the moment is its fragment either way.
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    segment = page.locator(f'[id="{anchor}"]')
    page.wait_for_function("id => location.hash === '#' + id", arg=anchor)
    assert "seg" in segment.get_attribute("class")
    box = segment.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    page.context.close()


def test_folded_moments_open(served):
    page = _open(served, BOLT)
    item = page.locator("li.rl-item:has(details.rl-more)").first
    hidden = item.locator("details.rl-more a.rl-moment").first
    assert not hidden.is_visible()
    item.locator("details.rl-more > summary").click()
    assert hidden.is_visible()
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [VISION, "reading-list/"])
def test_no_sideways_scroll_on_a_phone(served, path, scheme):
    page = _open(served, path, width=390, scheme=scheme)
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.rl-item')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.context.close()

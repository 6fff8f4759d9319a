"""The reading lists in Chromium: moment links land, folded moments open, phones do not scroll sideways."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VISION = "episodes/2024-in-vision-ls-live-neurips/"
BOLT = "episodes/bolt-new-flow-engineering-for-code-agents/"


@pytest.fixture(scope="module")
def served(browser, server):
    """The shared Chromium and the built site on loopback (tests/browser/conftest.py)."""
    return browser, server + "/"


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

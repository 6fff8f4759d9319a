"""axe-core (from npm) in Chromium on the site's main views, in the light and the dark scheme.

No serious or critical violation is allowed: contrast, links told apart only by colour,
controls without names. Each view is opened as a reader opens it; search is tested in use,
with a query that fills the panel and offers more results.
"""

from __future__ import annotations

import pytest

#: The views a reader meets; each is a path, or a function that brings a page into the state.
VIEWS = ("home", "talk", "reading-list", "speakers", "speaker", "search")
SCHEMES = ("light", "dark")
BLOCKING = ("serious", "critical")

#: A word said in most talks, so that search shows a full page of results and "More results".
COMMON_QUERY = "agents"


@pytest.fixture(scope="module")
def view_paths(largest_talk, site_dir) -> dict[str, str]:
    busiest_speaker = max((site_dir / "speakers").glob("*/index.html"), key=lambda p: p.stat().st_size).parent.name
    return {
        "home": "/",
        "talk": f"/episodes/{largest_talk.slug}/",
        "reading-list": "/reading-list/",
        "speakers": "/speakers/",
        "speaker": f"/speakers/{busiest_speaker}/",
        "search": "/",
    }


def search_in_use(page) -> None:
    page.locator("#site-search-input").fill(COMMON_QUERY)
    page.locator(".site-search__results > li").first.wait_for()
    page.locator(".site-search__more").wait_for(state="visible")


def run_axe(page, axe_js) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
          }));
        }"""
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("view", VIEWS)
def test_no_serious_accessibility_violation(browser, origin, axe_js, view_paths, view, scheme, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(origin + view_paths[view], wait_until="load")
        if view == "search":
            search_in_use(page)
        # Turns far from the screen are skipped by rendering (content-visibility); check every one.
        page.add_style_tag(content=".transcript .seg { content-visibility: visible !important; }")
        violations = [v for v in run_axe(page, axe_js) if v["impact"] in BLOCKING]
        if violations:
            page.screenshot(path=str(artifacts / f"axe-{view}-{scheme}.png"))
        report = "\n".join(
            f"{v['impact']} {v['id']} ({len(v['nodes'])} elements): {v['help']}\n"
            + "\n".join(f"    {n['target']}: {n['summary'].splitlines()[-1][:160]}" for n in v["nodes"][:4])
            for v in violations
        )
        assert not violations, f"axe-core on {view} ({scheme}):\n{report}"
    finally:
        context.close()

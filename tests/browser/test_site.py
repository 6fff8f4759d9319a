"""The site in Chromium: home filter, talk page, speaker page, search, colours, print.

What is expected comes from the loaded model (``bundled_site``): which talks a
series holds, which chapter a phrase stands in, which talks a speaker is in.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from generator.config import ROOT
from generator.timecode import chapter_id

pytestmark = pytest.mark.browser

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]

#: Contrast WCAG asks of body text.
TEXT_CONTRAST = 4.5

CONTRAST_JS = """
(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg || [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.fixture(scope="session")
def episodes(bundled_site):
    return bundled_site.episodes


def visible_cards(page):
    return page.locator(".talk-card:visible")


def open_as_deployed(page, server: str, path: str) -> None:
    """Open ``path`` with the sitemap's site_url rewritten to the test server, as a deployed site has it.

    Material's instant navigation follows only links listed in sitemap.xml, matched by
    scheme and host but not port; on a test server's random port no link would match.
    It fetches the sitemap once the page has loaded, and a click before it arrives is a
    full page load, so this waits for the sitemap, then leaves the document's mark.
    """

    def rewrite(route):
        body = route.fetch().text().replace(SITE_URL, server + "/")
        route.fulfill(body=body, content_type="application/xml")

    page.route("**/sitemap.xml", rewrite)
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
        page.goto(server + path)
    mark_document(page)


def mark_document(page) -> None:
    """Leave a mark on window: it survives Material's instant navigation, not a full load."""
    page.evaluate("window.__stillHere = true")


def still_same_document(page) -> bool:
    return page.evaluate("window.__stillHere === true")


def chip(page, series: str):
    return page.locator(f".series-chip[data-series={json.dumps(series)}]")


# Home --------------------------------------------------------------------------------


def test_series_filter_shows_one_series(page, server, episodes):
    series, count = Counter(e.series for e in episodes if e.series).most_common(1)[0]
    page.goto(server + "/")
    assert visible_cards(page).count() == len(episodes)
    chip(page, series).click()
    assert visible_cards(page).count() == count
    shown = visible_cards(page).evaluate_all("cards => cards.map(c => c.dataset.series)")
    assert set(shown) == {series}
    assert chip(page, series).get_attribute("aria-pressed") == "true"
    assert f"{count} of {len(episodes)}" in page.locator(".series-status").inner_text()
    assert "series=" in page.url
    chip(page, "").click()
    assert visible_cards(page).count() == len(episodes)
    assert "series=" not in page.url


def test_series_in_the_address_is_applied_on_arrival(page, server, episodes):
    series = next(e.series for e in episodes if e.series)
    page.goto(server + "/?series=" + series.replace(" ", "%20").replace("@", "%40").replace("!", "%21"))
    assert visible_cards(page).count() == sum(1 for e in episodes if e.series == series)


def test_series_filter_works_after_instant_navigation(page, server, episodes):
    series, count = Counter(e.series for e in episodes if e.series).most_common(1)[0]
    open_as_deployed(page, server, "/")
    page.locator(".talk-card h2 a").first.click()
    expect(page.locator(".talk-header")).to_be_visible()
    page.locator(".md-nav--primary .md-nav__link", has_text="Talks").first.click()
    expect(page.locator(".series-filter")).to_be_visible()
    assert still_same_document(page), "navigation reloaded the page: instant navigation is off"
    chip(page, series).click()
    assert visible_cards(page).count() == count


# Talk page ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def talk(episodes):
    """A talk with a transcript, several chapters and several named speakers."""
    return max(
        (e for e in episodes if e.segments and len(e.chapters) > 3),
        key=lambda e: (sum(1 for s in e.speakers if not s.generic), len(e.chapters)),
    )


def test_talk_header_and_timeline_lead_to_chapters(page, server, talk):
    page.goto(f"{server}/episodes/{talk.slug}/")
    header = page.locator(".talk-header")
    assert header.is_visible()
    assert header.locator(".talk-time li").count() >= min(len(talk.speakers), 6)
    chapter = talk.chapters[len(talk.chapters) // 2]
    # Material makes every href absolute on load: match the fragment at the end.
    part = page.locator(f".timeline a[href$='#{chapter_id(chapter.start)}']")
    part.click()
    page.wait_for_url(re.compile(re.escape("#" + chapter_id(chapter.start)) + "$"))
    heading = page.locator(f"[id='{chapter_id(chapter.start)}']")
    page.wait_for_function(
        "name => document.querySelector('.chapter-now__name')?.textContent === name", arg=heading.inner_text()
    )
    bar = page.locator(".chapter-now").bounding_box()
    box = heading.bounding_box()
    assert bar["y"] + bar["height"] <= box["y"] + 2, "the landed chapter hides under the sticky bar"
    assert box["y"] < page.viewport_size["height"] / 2
    assert "is-current" in (part.get_attribute("class") or "")


def test_chapter_bar_follows_reading(page, server, talk):
    page.goto(f"{server}/episodes/{talk.slug}/")
    segment = talk.segments[len(talk.segments) * 3 // 4]
    chapter = chapter_of(talk, segment.start)
    page.locator(f"[id='{segment.anchor}']").scroll_into_view_if_needed()
    page.mouse.wheel(0, 100)
    heading = page.locator(f"[id='{chapter_id(chapter.start)}']").inner_text()
    page.wait_for_function(
        "name => document.querySelector('.chapter-now__name')?.textContent === name", arg=heading
    )
    assert page.locator(".chapter-now").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_speakers_have_distinct_readable_colours(browser, server, talk, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{server}/episodes/{talk.slug}/")
        turns = Counter(page.locator(".transcript .seg > .who").all_text_contents())
        main = [name for name, _ in turns.most_common(8)]
        first_turns = {name: page.locator(".transcript .seg:not(.same) > .who", has_text=name).first for name in main}
        colours = {name: who.evaluate("el => getComputedStyle(el).color") for name, who in first_turns.items()}
        assert len(colours) >= 2
        assert len(set(colours.values())) == len(colours), f"main speakers share a colour: {colours}"
        for element in [*first_turns.values(), *page.locator(".talk-time a.name").all()]:
            assert element.evaluate(CONTRAST_JS) >= TEXT_CONTRAST, element.inner_text()
        for muted in [".talk-facts dt", ".tl-scale span", ".transcript .seg > .ts", ".talk-downloads small"]:
            assert page.locator(muted).first.evaluate(CONTRAST_JS) >= TEXT_CONTRAST, muted
    finally:
        context.close()


def test_print_shows_the_talk_without_controls(page, server, talk):
    page.goto(f"{server}/episodes/{talk.slug}/")
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".timeline", ".chapter-now", ".site-footer"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".transcript .seg").first.is_visible()
    assert page.locator("h1").is_visible()


# Speaker page -------------------------------------------------------------------------


def test_speaker_page_leads_to_their_first_words(page, server, episodes):
    counts = Counter(s.name.casefold() for e in episodes for s in e.speakers if not s.generic)
    key, talks = counts.most_common(1)[0]
    open_as_deployed(page, server, "/speakers/")
    person = page.locator(".people .name").filter(has_text=re.compile(f"^{re.escape(key)}$", re.I)).first
    person.click()
    expect(page.locator("h1")).to_have_text(re.compile(f"^{re.escape(key)}$", re.I))
    assert page.locator(".speaker-talks > li").count() == talks
    page.locator(".speaker-talks a", has_text="first words").first.click()
    page.wait_for_url(re.compile(r"/episodes/[^/]+/#t="))
    assert still_same_document(page)
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    landed = page.locator(f"[id='{anchor}']")
    assert landed.locator(".who").text_content().casefold() == key  # innerText is empty for a turn not yet laid out (content-visibility)
    expect(landed).to_be_in_viewport()


# Search ---------------------------------------------------------------------------------


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[A-Za-z]{3,}", text)}


def talk_words(episode) -> set[str]:
    found = words(episode.title)
    for block in episode.notes:
        found |= words(block.text)
    for segment in episode.segments:
        found |= words(segment.text) | words(segment.speaker or "")
    return found


@pytest.fixture(scope="session")
def phrase(episodes):
    """Six words from the middle of a talk's transcript that no other talk holds all of."""
    others_of = {e.slug: [talk_words(o) for o in episodes if o is not e] for e in episodes}
    for episode in (e for e in episodes if e.segments and len(e.chapters) > 3):
        middle = episode.segments[len(episode.segments) // 2 :]
        for segment in middle:
            tokens = segment.text.split()
            if len(tokens) < 14 or segment.marks:
                continue
            chosen = tokens[4:10]
            wanted = words(" ".join(chosen))
            if len(wanted) >= 4 and not any(wanted <= other for other in others_of[episode.slug]):
                return episode, segment, " ".join(re.sub(r"[^\w'-]", "", t) for t in chosen)
    pytest.fail("no distinctive phrase in the bundled transcripts")


def chapter_of(episode, seconds: int):
    return max((c for c in episode.chapters if c.start <= seconds), key=lambda c: c.start, default=None)


def pagefind_traffic(page) -> list:
    seen = []
    page.on("response", lambda response: seen.append(response) if "/pagefind/" in response.url else None)
    return seen


def test_search_finds_the_talk_and_lands_on_the_moment(page, server, phrase):
    episode, segment, query = phrase
    open_as_deployed(page, server, "/speakers/")
    page.locator(".md-nav--primary .md-nav__link", has_text="About").first.click()
    expect(page.locator("h1")).to_have_text("About this site")
    traffic = pagefind_traffic(page)
    # Material may still be settling the new page (focus, scroll) when its heading shows; a key
    # pressed in that moment can lose the focus it gave. A reader would press again: so does the test.
    for attempt in range(3):
        page.keyboard.press("/")
        try:
            page.wait_for_function("() => document.activeElement.id === 'site-search-input'", timeout=1000)
            break
        except PlaywrightTimeout:
            assert attempt < 2, "'/' does not focus the search box"
    page.keyboard.type(query)
    first = page.locator(".site-search__results > li").first
    first.wait_for()
    assert first.locator(".sr-title").inner_text() == episode.title
    moment = first.locator(".sr-moments a").first
    href = moment.get_attribute("href")
    assert href.split("#")[0].rstrip("/").endswith(f"/episodes/{episode.slug}")

    fetched = sum(len(response.body()) for response in traffic)
    fragments = [r for r in traffic if "/fragment/" in r.url]
    assert fetched < 600_000, f"a query fetched {fetched} bytes"
    assert 0 < len(fragments) <= 5

    assert "&hl=" in href, "the result link does not carry the words it matched"
    moment.click()
    page.wait_for_url(re.compile(rf"/episodes/{re.escape(episode.slug)}/#t="))
    assert still_same_document(page), "the result link reloaded the page"
    # The talk page finds the line that holds the words, lands on it, and leaves its exact link in the address.
    page.wait_for_function("() => !location.hash.includes('hl=')")
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert anchor == segment.anchor, f"landed on {anchor}, the words are on {segment.anchor}"
    landed = page.locator(f"[id='{anchor}']")
    expect(landed).to_be_in_viewport()
    expect(landed).to_have_class(re.compile(r"\bis-moment\b"))
    bare = lambda word: re.sub(r"\W", "", word.casefold())  # noqa: E731
    marked = {bare(m) for m in landed.locator("mark.moment-hit").all_inner_texts()}
    assert marked and marked <= {bare(w) for w in query.split()}, f"marked {marked} in the landed line"
    assert page.locator(".site-search__panel").is_hidden()


def test_search_filters_by_speaker(page, server, episodes):
    spellings = Counter(s.name.casefold() for e in episodes for s in e.speakers if not s.generic)
    key, count = spellings.most_common(1)[0]
    page.goto(server + "/")
    page.locator("#site-search-input").click()
    select = page.locator("select[data-filter='speaker']")
    page.wait_for_function("() => document.querySelectorAll(\"select[data-filter='speaker'] option\").length > 1")
    label = next(o for o in select.locator("option").all_inner_texts() if o.casefold().startswith(key + " ("))
    select.select_option(label=label)
    status = page.locator(".site-search__status")
    page.wait_for_function(
        "n => document.querySelector('.site-search__status').textContent.startsWith(`${n} page`)", arg=count
    )
    assert status.inner_text().startswith(f"{count} page")
    titles = set(page.locator(".site-search__results .sr-title").all_inner_texts())
    assert titles <= {e.title for e in episodes if any(s.name.casefold() == key for s in e.speakers)}


def test_search_on_a_phone(browser, server, phrase):
    episode, _, query = phrase
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "/")
        assert not page.locator("#site-search-input").is_visible()
        page.locator(".site-search__toggle").click()
        page.keyboard.type(query)
        first = page.locator(".site-search__results > li").first
        first.wait_for()
        assert first.locator(".sr-title").inner_text() == episode.title
        panel = page.locator(".site-search__panel").bounding_box()
        assert panel["width"] >= 380
        page.keyboard.press("Escape")
        assert page.locator(".site-search__panel").is_hidden()
    finally:
        context.close()


def test_search_landing_ids_exist_on_the_talk_page(page, server, phrase):
    """Every moment a result offers is an element of the talk page (chapter heading or transcript line)."""
    episode, _, query = phrase
    page.goto(server + "/")
    page.locator("#site-search-input").fill(query)
    page.locator(".site-search__results > li").first.wait_for()
    hrefs = page.locator(".site-search__results > li").first.locator(".sr-moments a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs
    page.goto(f"{server}/episodes/{episode.slug}/")
    for href in hrefs:
        anchor = href.partition("#")[2].partition("&hl=")[0]
        if anchor:
            assert page.locator(f"[id='{anchor}']").count() == 1, anchor

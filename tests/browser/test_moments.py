"""Deep links to moments, in a real Chromium: `#t=` forms, copy link, instant navigation, history, phone.

Expected moments are taken from the bundled build's model (segment and inline
timestamp times), chosen relative to real segments: a time strictly inside a
segment lands on it; a time on the very second of several segments lands on the
first of them (the plain `t=HH:MM:SS` id); a time inside their shared second's
span lands on the last, the one still playing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from generator.timecode import chapter_id, hms, short

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Case:
    """A fragment to open and the segment (and inline timestamp) it must land on."""

    fragment: str
    segment: str
    mark: str | None = None
    #: For ranges: the segments highlighted after the first.
    also: tuple[str, ...] = ()


def _episode(bundled_site, test):
    """The transcribed episode with the most segments among those that pass `test`."""
    episodes = [e for e in bundled_site.episodes if e.segments and test(e)]
    assert episodes, "the bundled build has no episode for this case"
    return max(episodes, key=lambda e: len(e.segments))


def _lone_segment(episode, position: float = 0.5):
    """A segment near `position` of the talk, alone in its second and at least 4 s long, with no inline timestamps."""
    segments = episode.segments
    start = int(len(segments) * position)
    for index in range(start, len(segments) - 1):
        seg, nxt = segments[index], segments[index + 1]
        prev = segments[index - 1]
        if nxt.start - seg.start >= 4 and prev.start != seg.start and not seg.marks and not prev.marks:
            return seg, nxt
    raise AssertionError(f"{episode.slug}: no lone segment after {position:.0%}")


def _tie(episode):
    """Two segments in the same second, the later one playing for at least 3 s."""
    segments = episode.segments
    for prev, first, second, nxt in zip(segments, segments[1:], segments[2:], segments[3:]):
        alone = prev.start < first.start == second.start < nxt.start - 2
        if alone and not (prev.marks or first.marks or second.marks):
            return first, second
    raise AssertionError(f"{episode.slug}: no two segments share a second")


def _has_tie(episode) -> bool:
    try:
        _tie(episode)
    except AssertionError:
        return False
    return True


@pytest.fixture(scope="module")
def talk(bundled_site):
    """A long talk with two segments in one second."""
    return _episode(bundled_site, _has_tie)


@pytest.fixture(scope="module")
def marked(bundled_site):
    """A talk with timestamps inside its segments' text."""
    return _episode(bundled_site, lambda e: sum(len(s.marks) for s in e.segments) >= 10)


def serve_sitemap_here(target, server) -> None:
    """Serve the sitemap as the deployed site would, with this server's origin.

    Material navigates instantly only to pages its sitemap lists; it adopts the
    page's protocol and host name but keeps the sitemap's port, so a site built
    for `site_url` and served on a random loopback port would always reload.
    """

    def rewrite(route) -> None:
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{server}/", response.text())
        route.fulfill(response=response, body=body)

    target.route("**/sitemap.xml", rewrite)


@pytest.fixture
def page(page, server):
    """The shared desktop page, with instant navigation working as on the deployed site."""
    serve_sitemap_here(page, server)
    return page


def url(server, episode, fragment: str = "") -> str:
    return f"{server}/episodes/{episode.slug}/" + (f"#{fragment}" if fragment else "")


def _clock(seconds: int) -> str:
    """`H:MM:SS` with an unpadded hour, as people write it (and npt allows)."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _cases(talk, marked, late_start) -> dict[str, tuple[object, Case]]:
    seg, nxt = _lone_segment(talk)
    inside = seg.start + (nxt.start - seg.start) // 2
    early, early_next = _lone_segment(talk, 0.05)
    early_inside = early.start + (early_next.start - early.start) // 2
    assert early_inside < 3600, "mm:ss needs a moment in the first hour"
    second, _ = _lone_segment(talk, 0.7)
    first, repeat = _tie(talk)
    after_tie = [s for s in talk.segments if s.start > repeat.start][0]
    range_end = [s for s in talk.segments if s.start > second.start + 60][0]
    in_range = tuple(s.anchor for s in talk.segments if second.start < s.start < range_end.start)
    opening, last = talk.segments[0], talk.segments[-1]
    in_opening = tuple(s.anchor for s in talk.segments[1:] if s.start < opening.start + 1)
    moments = sorted([m.seconds for s in marked.segments for m in s.marks] + [s.start for s in marked.segments])
    host, mark = next(
        (s, m)
        for s in marked.segments
        for m in s.marks
        if m.seconds > s.start + 5 and moments.count(m.seconds) == 1 and min(t for t in moments if t > m.seconds) - m.seconds >= 2
    )
    mark_next = min(t for t in moments if t > mark.seconds)
    chapter_gap = seg.start + 1
    assert chapter_gap not in {c.start for c in talk.chapters}
    return {
        "mm:ss": (talk, Case(f"t={early_inside // 60:02d}:{early_inside % 60:02d}", early.anchor)),
        "h:mm:ss": (talk, Case(f"t={_clock(inside)}", seg.anchor)),
        "hh:mm:ss": (talk, Case(f"t={hms(inside)}", seg.anchor)),
        "seconds": (talk, Case(f"t={inside}", seg.anchor)),
        "fraction": (talk, Case(f"t={seg.start}.5", seg.anchor)),
        "exact id": (talk, Case(seg.anchor, seg.anchor)),
        "npt with fraction": (talk, Case(f"t=npt:{_clock(inside)}.25", seg.anchor)),
        "range": (talk, Case(f"t={hms(second.start + 1)},{hms(range_end.start)}", second.anchor, also=in_range)),
        "open start range": (talk, Case(f"t=,{hms(opening.start + 1)}", opening.anchor, also=in_opening)),
        "youtube style": (talk, Case(f"t={inside // 60}m{inside % 60}s", seg.anchor)),
        "percent-encoded": (talk, Case(f"t={hms(inside).replace(':', '%3A')}", seg.anchor)),
        "with other media fragments": (talk, Case(f"xywh=0,0,10,10&t={inside}", seg.anchor)),
        "repeat id": (talk, Case(repeat.anchor, repeat.anchor)),
        "tie, on its second": (talk, Case(f"t={repeat.start}", first.anchor)),
        "tie, still playing": (talk, Case(f"t={repeat.start + (after_tie.start - repeat.start) // 2}.5", repeat.anchor)),
        "stale repeat id": (talk, Case(f"{seg.anchor}-9", seg.anchor)),
        "stale chapter id": (talk, Case(chapter_id(chapter_gap), seg.anchor)),
        "before the first moment": (late_start, Case("t=0", late_start.segments[0].anchor)),
        "after the last moment": (talk, Case("t=99:00:00", last.anchor, mark=last.marks[-1].anchor if last.marks else None)),
        "inside an inline timestamp": (marked, Case(f"t={(mark.seconds + mark_next) // 2}", host.anchor, mark=mark.anchor)),
        "exact inline timestamp": (marked, Case(mark.anchor, host.anchor, mark=mark.anchor)),
    }


FORMS = [
    "mm:ss", "h:mm:ss", "hh:mm:ss", "seconds", "fraction", "exact id", "npt with fraction", "range", "open start range",
    "youtube style", "percent-encoded", "with other media fragments", "repeat id", "tie, on its second",
    "tie, still playing", "stale repeat id", "stale chapter id", "before the first moment",
    "after the last moment", "inside an inline timestamp", "exact inline timestamp",
]


@pytest.fixture(scope="module")
def cases(talk, marked, bundled_site):
    late_start = _episode(bundled_site, lambda e: e.segments[0].start > 0)
    built = _cases(talk, marked, late_start)
    assert sorted(built) == sorted(FORMS)
    return built


def highlighted(page) -> list[str]:
    return page.eval_on_selector_all(".transcript .seg.is-moment", "els => els.map(e => e.id)")


def assert_landed(page, segment: str, mark: str | None = None) -> None:
    """The segment is highlighted (first of the highlight), visibly, with its top on screen below the header.

    The first same-page navigation after a load makes Material's instant navigation
    fetch the page again and swap its content in, and the landing then runs again:
    the state is read in a frame where the highlight stands, not between the two.
    """
    first_is_segment = "id => { const first = document.querySelector('.transcript .seg.is-moment'); return !!first && first.id === id; }"
    page.wait_for_function(first_is_segment, arg=segment, timeout=5000)
    page.wait_for_timeout(100)
    try:
        state = page.wait_for_function(
            """([segment, mark]) => {
                const first = document.querySelector('.transcript .seg.is-moment');
                if (!first || first.id !== segment) return null;
                const target = document.getElementById(mark || segment);
                const box = target.getBoundingClientRect();
                const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                // Nothing pinned under the header (a chapter bar) may cover the moment's first line.
                // Probed near its left edge: Material's floating "Back to top" button sits mid-screen.
                const hit = document.elementFromPoint(box.left + Math.min(10, box.width / 2), box.top + 4);
                return {top: box.top, header, height: innerHeight, uncovered: !!hit && target.contains(hit),
                        background: getComputedStyle(first).backgroundColor,
                        markLit: mark ? target.classList.contains('is-moment') : true};
            }""",
            arg=[segment, mark],
            timeout=5000,
        ).json_value()
    except PlaywrightTimeout:
        assert highlighted(page)[:1] == [segment], "the highlight went away after the landing"
        raise
    assert state["header"] - 1 <= state["top"] < state["height"] - 40, state
    assert state["uncovered"], f"the moment is hidden under something pinned to the top: {state}"
    assert state["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), "the moment is not visibly highlighted"
    assert state["markLit"], "the inline timestamp is not marked"


@pytest.mark.parametrize("form", FORMS)
def test_fragment_lands_on_the_moment_playing_at_that_time(page, server, cases, form):
    episode, case = cases[form]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url(server, episode, case.fragment))
    assert_landed(page, case.segment, case.mark)
    assert highlighted(page) == [case.segment, *case.also]
    assert not errors


def test_a_range_highlights_every_segment_it_covers(cases):
    """Guard for the range case: it must span several segments, or it proves nothing."""
    assert len(cases["range"][1].also) >= 2


@pytest.mark.parametrize("fragment", ["t=abc", "t=10:99", "t=1,2,3", "nothing-here", "t="])
def test_a_fragment_that_names_no_time_changes_nothing(page, server, talk, fragment):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url(server, talk, fragment))
    page.wait_for_timeout(300)
    assert highlighted(page) == []
    assert not errors


def test_exact_id_lands_without_javascript(browser, server, talk, artifacts):
    seg, _ = _lone_segment(talk, 0.6)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url(server, talk, seg.anchor))
        page.wait_for_timeout(200)
        box = page.locator(f'[id="{seg.anchor}"]').bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert box is not None and header is not None
        if not header["y"] + header["height"] - 1 <= box["y"] < 900 - 40:
            page.screenshot(path=str(artifacts / "test_exact_id_lands_without_javascript.png"))
            pytest.fail(f"segment top at {box['y']}, header ends at {header['y'] + header['height']}")
        assert page.locator(".moment-copy").count() == 0
        background = page.locator(f'[id="{seg.anchor}"]').evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the :target segment is not highlighted"
    finally:
        context.close()


def _clipboard_context(browser, server, **options):
    context = browser.new_context(**options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    serve_sitemap_here(context, server)
    return context


def _read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_every_segment_and_chapter_heading_gets_one_copy_control(page, server, talk):
    page.goto(url(server, talk))
    page.wait_for_selector(".transcript[data-moments]")
    counts = page.evaluate(
        """() => ({
            segments: document.querySelectorAll('.transcript .seg').length,
            segmentControls: document.querySelectorAll('.transcript .seg > .moment-copy').length,
            headings: document.querySelectorAll('.transcript h3[data-t]').length,
            headingControls: document.querySelectorAll('.transcript h3[data-t] > .moment-copy').length,
            unlabelled: [...document.querySelectorAll('.moment-copy')].filter(b => !/\\d:\\d\\d/.test(b.getAttribute('aria-label') || '')).length,
        })"""
    )
    assert counts["segments"] == counts["segmentControls"] == len(talk.segments)
    assert counts["headings"] == counts["headingControls"] == len({chapter_id(c.start) for c in talk.chapters})
    assert counts["unlabelled"] == 0


def test_copy_control_copies_the_segments_link(browser, server, talk, artifacts):
    seg, _ = _lone_segment(talk, 0.4)
    first, repeat = _tie(talk)
    context = _clipboard_context(browser, server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url(server, talk))
        for target in (seg, repeat):
            segment = page.locator(f'[id="{target.anchor}"]')
            segment.scroll_into_view_if_needed()
            segment.hover()
            control = segment.locator("> .moment-copy")
            # The control fades in (a CSS transition): wait for it rather than for a fixed time.
            page.wait_for_function(
                "el => parseFloat(getComputedStyle(el).opacity) > 0.9", arg=control.element_handle(), timeout=3000
            )
            control.click()
            page.wait_for_function("el => el.classList.contains('is-copied')", arg=control.element_handle())
            assert _read_clipboard(page) == url(server, talk, target.anchor)
            assert control.get_attribute("data-feedback") == "Copied"
            # The live region is emptied, then refilled a frame later so that screen readers
            # announce a repeated message again: wait for the frame rather than racing it.
            page.wait_for_function(
                "() => /copied/i.test(document.getElementById('moments-status')?.textContent || '')",
                timeout=2000,
            )
    except Exception:
        page.screenshot(path=str(artifacts / "test_copy_control_copies_the_segments_link.png"))
        raise
    finally:
        context.close()


def test_copy_control_on_a_chapter_heading_copies_the_chapter_start(browser, server, talk):
    chapter = talk.chapters[len(talk.chapters) // 2]
    context = _clipboard_context(browser, server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url(server, talk))
        heading = page.locator(f'[id="{chapter_id(chapter.start)}"]')
        heading.scroll_into_view_if_needed()
        heading.hover()
        heading.locator("> .moment-copy").click()
        page.wait_for_function("() => document.querySelector('.is-copied')")
        assert _read_clipboard(page) == url(server, talk, "t=" + hms(chapter.start))
    finally:
        context.close()


def test_copy_control_works_from_the_keyboard(browser, server, talk):
    seg, _ = _lone_segment(talk, 0.3)
    context = _clipboard_context(browser, server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url(server, talk))
        page.locator(f'[id="{seg.anchor}"] > a.ts').focus()
        page.keyboard.press("Tab")
        page.wait_for_function(
            "() => !document.activeElement.classList.contains('moment-copy')"
            " || parseFloat(getComputedStyle(document.activeElement).opacity) > 0.9",
            timeout=3000,
        )
        focused = page.evaluate(
            "[document.activeElement.classList.contains('moment-copy'), document.activeElement.getAttribute('aria-label'),"
            " getComputedStyle(document.activeElement).opacity]"
        )
        assert focused[0], "Tab from a timestamp does not reach its copy control"
        assert short(seg.start) in focused[1]
        assert float(focused[2]) > 0.9, "a focused control must be visible"
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.classList.contains('is-copied')")
        assert _read_clipboard(page) == url(server, talk, seg.anchor)
    finally:
        context.close()


def test_clicking_a_timestamp_puts_the_moment_in_the_address_bar_without_a_jump(page, server, talk):
    seg, _ = _lone_segment(talk, 0.5)
    page.goto(url(server, talk))
    stamp = page.locator(f'[id="{seg.anchor}"] > a.ts')
    stamp.scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(200)
    before = page.evaluate("scrollY")
    history_length = page.evaluate("history.length")
    stamp.click()
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == f"#{seg.anchor}"
    assert page.evaluate("scrollY") == before
    assert page.evaluate("history.length") == history_length
    assert highlighted(page) == [seg.anchor]


def test_instant_navigation_from_the_home_page_lands_on_the_moment(page, server, talk):
    seg, nxt = _lone_segment(talk, 0.8)
    inside = seg.start + (nxt.start - seg.start) // 2
    page.goto(f"{server}/")
    page.evaluate("window.sameDocument = true")
    # A shared link, as it would appear in the home page's text.
    page.evaluate(
        """href => {
            const link = Object.assign(document.createElement('a'), {href, textContent: 'a shared moment', id: 'shared'});
            document.querySelector('.md-content article').prepend(link);
        }""",
        f"episodes/{talk.slug}/#t={short(inside)}",
    )
    page.click("#shared")
    page.wait_for_url(f"**/episodes/{talk.slug}/#t={short(inside)}")
    assert_landed(page, seg.anchor)
    assert page.evaluate("window.sameDocument === true"), "Material's instant navigation did not handle the click"
    assert page.locator(".transcript .seg > .moment-copy").count() == len(talk.segments)


def test_same_page_navigation_after_a_load_keeps_the_page(page, server, talk):
    """Material fetches a freshly loaded page again on its first same-page navigation and swaps its
    content in. A talk keeps its page: no second download, the same elements, the keyboard's place."""
    page_url = url(server, talk)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if r.resource_type in ("xhr", "fetch") and r.url.split("#")[0] == page_url else None)
    page.goto(page_url)
    page.wait_for_selector(".transcript[data-moments]")
    page.evaluate("document.querySelector('.transcript').dataset.probe = 'loaded'")
    chapter = talk.chapters[len(talk.chapters) // 2]
    link = page.locator(f'.md-content a[href$="#{chapter_id(chapter.start)}"]').first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#{chapter_id(chapter.start)}")
    expect(page.locator(f'[id="{chapter_id(chapter.start)}"]')).to_be_in_viewport()
    page.wait_for_timeout(300)
    # The next Tab goes on from the chapter, as after any link to a fragment.
    page.keyboard.press("Tab")
    after = page.evaluate(
        """id => { const heading = document.getElementById(id), focused = document.activeElement;
        return heading.contains(focused) || !!(heading.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING); }""",
        chapter_id(chapter.start),
    )
    assert after, "the keyboard's place was lost"
    # A moment from the address bar, then back to the chapter.
    seg, _ = _lone_segment(talk, 0.25)
    page.goto(url(server, talk, seg.anchor))
    assert_landed(page, seg.anchor)
    page.go_back()
    page.wait_for_url(f"**#{chapter_id(chapter.start)}")
    page.wait_for_timeout(300)
    assert highlighted(page) == []
    assert fetched == [], "the page was fetched again"
    assert page.evaluate("document.querySelector('.transcript').dataset.probe") == "loaded", "the page's content was swapped"


def test_instant_navigation_then_chapter_link_then_history(page, server, talk):
    """Home -> talk card -> chapter list -> a moment; back and forward land again."""
    page.goto(f"{server}/")
    page.evaluate("window.sameDocument = true")
    page.locator(f'a[href$="episodes/{talk.slug}/"]').first.click()
    page.wait_for_url(f"**/episodes/{talk.slug}/")
    page.wait_for_selector(".transcript[data-moments]")
    chapter = talk.chapters[len(talk.chapters) // 2]
    page.locator(f'.md-content a[href$="#{chapter_id(chapter.start)}"]').first.click()
    page.wait_for_url(f"**#{chapter_id(chapter.start)}")
    expect(page.locator(f'[id="{chapter_id(chapter.start)}"]')).to_be_in_viewport()
    assert page.evaluate("window.sameDocument === true")

    seg, _ = _lone_segment(talk, 0.25)
    page.evaluate(
        """href => {
            const link = Object.assign(document.createElement('a'), {href, textContent: 'an earlier moment', id: 'earlier'});
            document.querySelector('.md-content article').prepend(link);
        }""",
        "#" + seg.anchor,
    )
    page.locator("#earlier").scroll_into_view_if_needed()
    page.click("#earlier")
    assert_landed(page, seg.anchor)

    page.go_back()
    page.wait_for_url(f"**#{chapter_id(chapter.start)}")
    page.wait_for_timeout(300)
    assert highlighted(page) == []
    page.go_forward()
    page.wait_for_url(f"**#{seg.anchor}")
    assert_landed(page, seg.anchor)
    page.go_back()
    page.go_back()
    page.wait_for_url(f"{server}/episodes/{talk.slug}/")
    page.go_back()
    page.wait_for_url(f"{server}/")
    assert page.evaluate("window.sameDocument === true")
    page.go_forward()
    page.go_forward()
    page.go_forward()
    page.wait_for_url(f"**#{seg.anchor}")
    assert_landed(page, seg.anchor)


def test_back_and_forward_between_shared_moments(page, server, talk):
    """Two moments opened one after the other (as from the address bar); history returns to each."""
    one, _ = _lone_segment(talk, 0.2)
    two, _ = _lone_segment(talk, 0.9)
    page.goto(url(server, talk, f"t={one.start}"))
    assert_landed(page, one.anchor)
    page.goto(url(server, talk, f"t={two.start}"))
    assert_landed(page, two.anchor)
    page.go_back()
    page.wait_for_url(f"**#t={one.start}")
    assert_landed(page, one.anchor)
    page.go_forward()
    page.wait_for_url(f"**#t={two.start}")
    assert_landed(page, two.anchor)


@pytest.fixture
def phone(browser, server, request, artifacts):
    context = _clipboard_context(browser, server, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, color_scheme="dark")
    page = context.new_page()
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(artifacts / f"{request.node.name}.png"))
    context.close()


def test_phone_lands_and_copies_by_touch(phone, server, talk):
    seg, nxt = _lone_segment(talk, 0.6)
    inside = seg.start + (nxt.start - seg.start) // 2
    phone.goto(url(server, talk, f"t={inside}"))
    assert_landed(phone, seg.anchor)
    other = phone.locator(f'[id="{nxt.anchor}"] > .moment-copy')
    assert float(other.evaluate("el => getComputedStyle(el).opacity")) >= 0.5, "copy control hidden on a touch screen"
    box = other.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, f"touch target too small: {box}"
    other.tap()
    phone.wait_for_function("() => document.querySelector('.is-copied')")
    assert _read_clipboard(phone) == url(server, talk, nxt.anchor)


def _distinct_words(segment, others, count: int = 3) -> list[str]:
    """Words of `segment` (five letters or more) that none of `others` says."""
    said = {w.casefold() for s in others for w in re.findall(r"\w+", s.text)}
    mine = [w for w in dict.fromkeys(re.findall(r"[A-Za-z]{5,}", segment.text)) if w.casefold() not in said]
    assert len(mine) >= 1, f"{segment.anchor} says nothing the lines before it do not"
    return mine[:count]


def test_search_words_land_on_the_line_that_holds_them(page, server, talk):
    """`#t=<moment>&hl=<words>` (what a search result links to) lands on the later line holding the words."""
    seg, _ = _lone_segment(talk, 0.5)
    index = talk.segments.index(seg)
    start = talk.segments[index - 6]
    chosen = _distinct_words(seg, talk.segments[index - 6 : index])
    # Common words ("the") neither choose the line nor get marked.
    page.goto(url(server, talk, f"{start.anchor}&hl={','.join([*chosen, 'the'])}"))
    assert_landed(page, seg.anchor)
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == seg.anchor, "the address keeps the words"
    marked = page.locator(f'[id="{seg.anchor}"] mark.moment-hit').all_inner_texts()
    assert {m.casefold() for m in marked} == {w.casefold() for w in chosen}
    # A later landing by time clears the marks of the search.
    page.goto(url(server, talk, start.anchor))
    assert_landed(page, start.anchor)
    assert page.locator("mark.moment-hit").count() == 0


def test_search_words_found_nowhere_keep_the_results_moment(page, server, talk):
    chapter = talk.chapters[len(talk.chapters) // 2]
    page.goto(url(server, talk, f"{chapter_id(chapter.start)}&hl=zzyzxqwv"))
    page.wait_for_function("id => location.hash === '#' + id", arg=chapter_id(chapter.start))
    page.wait_for_timeout(150)
    heading = page.locator(f'[id="{chapter_id(chapter.start)}"]')
    box = heading.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box and header and header["y"] + header["height"] - 1 <= box["y"] < 900 - 40, "not scrolled to the chapter"
    assert page.locator("mark.moment-hit").count() == 0


def test_a_chapter_title_holding_the_search_words_is_where_the_search_lands(page, server, talk):
    chapter = max(talk.chapters, key=lambda c: len(re.findall(r"[A-Za-z]{5,}", c.title)))
    words = re.findall(r"[A-Za-z]{5,}", chapter.title)[:3]
    assert words, "no chapter title with words to search"
    page.goto(url(server, talk, f"{chapter_id(chapter.start)}&hl={','.join(words)}"))
    page.wait_for_function("id => location.hash === '#' + id", arg=chapter_id(chapter.start))
    expect(page.locator(f'[id="{chapter_id(chapter.start)}"]')).to_be_in_viewport()
    assert highlighted(page) == []


def test_search_words_deep_in_a_long_line_are_scrolled_into_view(page, server, bundled_site):
    talk, seg = max(((e, s) for e in bundled_site.episodes for s in e.segments), key=lambda pair: len(pair[1].text))
    cut = int(len(seg.text) * 0.8)
    word = next(
        w for w in re.findall(r"[A-Za-z]{7,}", seg.text[cut:]) if w.casefold()[:5] not in seg.text[:cut].casefold()
    )
    page.goto(url(server, talk, f"{seg.anchor}&hl={word}"))
    page.wait_for_function("id => location.hash === '#' + id", arg=seg.anchor)
    mark = page.locator(f'[id="{seg.anchor}"] mark.moment-hit').first
    expect(mark).to_have_text(re.compile(word, re.IGNORECASE))
    page.wait_for_timeout(150)
    box = mark.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box and header and header["y"] + header["height"] <= box["y"] < 900 - 20, f"the marked word is at {box}"

"""The player: play any moment, follow the spoken line, keys, clips, instant navigation, phones.

The bundled talks have no audio; one is given a generated tone (audio_site.py)
served on 127.0.0.1 with Range support, through a temporary metadata file.
Playback starts from real clicks and key presses (browsers' autoplay rules).
"""

from __future__ import annotations

import functools

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.build import site_settings
from generator.config import Config
from generator.timecode import hms
from tests.browser.audio_site import AUDIO_SECONDS, AUDIO_SLUG, metadata_with_audio, serve_files, tone_wav
from tests.conftest import build_into
from tests.localserver import QuietFiles, start

PHONE = {"width": 390, "height": 844}
AUDIO = "document.querySelector('audio')"


@pytest.fixture(scope="module")
def audio_site(tmp_path_factory):
    """The bundled site built with audio for one talk; yields (site URL, talk Episode)."""
    audio_server, audio_base = serve_files({"/talk.wav": (tone_wav(), "audio/wav")})
    tmp = tmp_path_factory.mktemp("audio-site")
    metadata = tmp / "episodes.yml"
    metadata.write_text(metadata_with_audio(Config().metadata, AUDIO_SLUG, f"{audio_base}/talk.wav"), encoding="utf-8")
    config, site = build_into(tmp, metadata=metadata)
    httpd, base = start(functools.partial(QuietFiles, directory=str(config.site_dir)))
    # Material navigates instantly only to pages its sitemap lists, matched by port too:
    # list them at this server's address, as a deployed site lists its own.
    sitemap = config.site_dir / "sitemap.xml"
    site_url = site_settings(config.mkdocs_config)["site_url"]
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(site_url, base + "/"), encoding="utf-8")
    talk = next(e for e in site.episodes if e.slug == AUDIO_SLUG)
    yield base, talk, config
    httpd.shutdown()
    audio_server.shutdown()


@pytest.fixture
def talk_url(audio_site):
    return f"{audio_site[0]}/episodes/{AUDIO_SLUG}/"


@pytest.fixture
def talk(audio_site):
    return audio_site[1]


def _segments_in_audio(talk):
    """Timed segments that start and end inside the generated audio, a few seconds in."""
    return [s for s in talk.segments if s.timed and 20 <= s.start and (s.end or s.start) < AUDIO_SECONDS - 20]


def _state(page) -> dict:
    return page.evaluate(
        f"""() => {{ const a = {AUDIO}; const s = document.querySelector('.transcript .is-speaking');
        return {{ time: a.currentTime, paused: a.paused, rate: a.playbackRate, speaking: s ? s.id : null,
                 current: s ? s.getAttribute('aria-current') : null,
                 speakingCount: document.querySelectorAll('.transcript .is-speaking').length }}; }}"""
    )


def _wait_playing(page, beyond: float | None = None) -> None:
    condition = f"!{AUDIO}.paused && {AUDIO}.readyState >= 3"
    if beyond is not None:
        condition += f" && {AUDIO}.currentTime > {beyond}"
    page.wait_for_function(condition, timeout=15000)


def _scroll_settled(page) -> None:
    """Wait until the page has not moved for a dozen frames: the player's own smooth scroll is over."""
    page.evaluate(
        """() => new Promise(done => { let last = -1, still = 0;
        const frame = () => { still = scrollY === last ? still + 1 : 0; last = scrollY;
          if (still >= 12) done(); else requestAnimationFrame(frame); };
        requestAnimationFrame(frame); })"""
    )


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.classList.contains('player-js')")


def test_pages_without_audio_have_no_player_and_keep_their_html(audio_site, site_dir, page, server):
    """Every talk without audio is byte for byte the page the bundled build makes; none has a player."""
    _, talk, config = audio_site
    for page_dir in (config.site_dir / "episodes").iterdir():
        html = (page_dir / "index.html").read_text(encoding="utf-8")
        if page_dir.name == AUDIO_SLUG:
            assert 'class="player"' in html
            continue
        assert 'class="player"' not in html
        assert html == (site_dir / "episodes" / page_dir.name / "index.html").read_text(encoding="utf-8"), page_dir.name
    page.goto(f"{server}/episodes/{next(p.name for p in (site_dir / 'episodes').iterdir())}/")
    page.wait_for_function("document.querySelector('.transcript[data-moments]') !== null")
    assert page.locator(".player, .player-mini, audio").count() == 0


def test_clicking_a_segment_time_plays_from_its_start(page, talk_url, talk):
    _open(page, talk_url)
    segment = _segments_in_audio(talk)[3]
    page.locator(f'[id="{segment.anchor}"] > .ts').click()
    position = page.evaluate(f"{AUDIO}.currentTime")
    assert abs(position - segment.start) < 0.3
    _wait_playing(page, segment.start + 0.2)
    state = _state(page)
    assert not state["paused"] and state["speaking"] == segment.anchor and state["current"] == "time"


def test_the_highlight_follows_playback_to_the_next_segment(page, talk_url, talk):
    _open(page, talk_url)
    segments = _segments_in_audio(talk)
    first = next(s for i, s in enumerate(segments[:-1]) if 2 <= segments[i + 1].start - s.start <= 8)
    following = talk.segments[talk.segments.index(first) + 1]
    page.locator(f'[id="{first.anchor}"] > .ts').click()
    _wait_playing(page, following.start + 0.4)
    state = _state(page)
    assert state["speaking"] == following.anchor and state["speakingCount"] == 1
    assert page.locator(f'[id="{first.anchor}"]').get_attribute("aria-current") is None


def test_a_time_link_cues_the_audio_and_highlights_without_playing(page, talk_url, talk):
    segment = _segments_in_audio(talk)[5]
    _open(page, f"{talk_url}#t={segment.start}")
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - {segment.start}) < 0.3")
    state = _state(page)
    assert state["paused"] and state["speaking"] == segment.anchor
    assert "is-moment" in page.locator(f'[id="{segment.anchor}"]').get_attribute("class")
    assert page.locator(".player-now").text_content() == f"{segment.start // 60}:{segment.start % 60:02d}"
    page.locator(".player [data-action=toggle]").click()
    _wait_playing(page, segment.start + 0.2)
    assert abs(page.evaluate(f"{AUDIO}.currentTime") - segment.start) < 2


def test_a_chapter_link_plays_from_the_chapter(page, talk_url, talk):
    chapter = next(c for c in talk.chapters if 10 < c.start < AUDIO_SECONDS - 20)
    _open(page, talk_url)
    page.locator(f'.md-typeset ol a[href$="#chapter-{hms(chapter.start).replace(":", "-")}"]').click()
    _wait_playing(page, chapter.start)
    assert abs(page.evaluate(f"{AUDIO}.currentTime") - chapter.start) < 1.5
    assert chapter.title.split()[0] in page.locator(".player-chapter").text_content()
    assert page.locator(".timeline .tl-part.is-playing").get_attribute("data-t") == str(chapter.start)


def test_a_range_plays_as_a_clip_and_stops_at_its_end(page, talk_url, talk):
    start = _segments_in_audio(talk)[2].start
    end = start + 3
    _open(page, f"{talk_url}#t={hms(start)},{hms(end)}")
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - {start}) < 0.3")
    page.locator(".player [data-action=toggle]").click()
    _wait_playing(page)
    page.wait_for_function(f"{AUDIO}.paused", timeout=10000)
    assert end - 0.1 <= page.evaluate(f"{AUDIO}.currentTime") <= end + 0.35


def test_keyboard_controls_and_typing_is_left_alone(page, talk_url, talk):
    _open(page, talk_url)
    segments = _segments_in_audio(talk)
    page.locator(f'[id="{segments[4].anchor}"] > .ts').click()
    _wait_playing(page)
    page.keyboard.press("k")
    page.wait_for_function(f"{AUDIO}.paused")
    before = page.evaluate(f"{AUDIO}.currentTime")
    page.keyboard.press("l")
    assert abs(page.evaluate(f"{AUDIO}.currentTime") - (before + 10)) < 0.3
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert abs(page.evaluate(f"{AUDIO}.currentTime") - (before - 10)) < 0.3
    now = page.evaluate(f"{AUDIO}.currentTime")
    upcoming = next(s for s in talk.segments if s.start > now)
    page.keyboard.press("]")
    assert abs(page.evaluate(f"{AUDIO}.currentTime") - upcoming.start) < 0.3
    page.keyboard.press(">")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1.25
    page.keyboard.press("<")
    page.keyboard.press("<")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 0.75
    page.keyboard.press("k")
    _wait_playing(page)
    # Typing in the search box: letters are text, not commands.
    page.locator("#site-search-input").click()
    page.keyboard.type("kjl")
    assert page.locator("#site-search-input").input_value() == "kjl"
    assert not page.evaluate(f"{AUDIO}.paused")
    # Material's own keys still work: "." goes to the next page only when not typing; "/" opens search.
    assert page.locator(".player [data-action=toggle]").get_attribute("aria-keyshortcuts") == "k"


def test_the_page_follows_until_the_reader_scrolls_away_then_offers_to_resume(page, talk_url, talk):
    _open(page, talk_url)
    segment = _segments_in_audio(talk)[0]
    page.locator(f'[id="{segment.anchor}"] > .ts').click()
    _wait_playing(page)
    resume = page.locator(".player-follow")
    assert resume.is_hidden()
    # A wheel turned while Chromium is still running the player's smooth scroll is dropped by
    # headless Chromium; a reader scrolls away from a page that has come to rest.
    _scroll_settled(page)
    page.mouse.wheel(0, -20000)
    resume.wait_for(state="visible")
    assert resume.get_attribute("hidden") is None
    resume.click()
    page.wait_for_function(
        """() => { const s = document.querySelector('.transcript .is-speaking'); if (!s) return false;
        const box = s.getBoundingClientRect(); return box.top > 40 && box.bottom < innerHeight; }"""
    )
    assert resume.is_hidden()


def test_state_survives_instant_navigation(page, talk_url, talk):
    _open(page, talk_url)
    page.locator(f'[id="{_segments_in_audio(talk)[1].anchor}"] > .ts').click()
    _wait_playing(page)
    page.keyboard.press(">")
    page.evaluate("window.__kept = 'same document'")
    page.locator(".talk-time a.name").first.click()
    page.wait_for_url("**/speakers/*/")
    assert page.evaluate("window.__kept") == "same document"  # instant navigation, not a reload
    mini = page.locator(".player-mini")
    mini.wait_for(state="visible")
    assert talk.title[:10] in mini.text_content()
    at_speakers = page.evaluate(f"{AUDIO}.currentTime")
    assert not page.evaluate(f"{AUDIO}.paused")
    page.evaluate(f"window.__seeks = []; {AUDIO}.addEventListener('seeking', () => __seeks.push({AUDIO}.currentTime))")
    page.go_back()
    page.wait_for_url(f"**/episodes/{AUDIO_SLUG}/**")
    page.wait_for_function("document.querySelector('.player.is-playing') !== null")
    state = _state(page)
    # Coming back neither seeks (to the moment in the address) nor restarts; the media clock
    # read on the other page may be corrected by a fraction of a second, nothing more.
    assert page.evaluate("window.__seeks") == []
    assert not state["paused"] and state["time"] >= at_speakers - 1 and state["rate"] == 1.25
    assert page.locator(".player-mini").is_hidden() and state["speaking"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_player_is_compact_and_docks_at_the_bottom(browser, talk_url, talk, scheme):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, color_scheme=scheme)
    page = context.new_page()
    try:
        _open(page, talk_url)
        page.locator(".player [data-action=toggle]").tap()
        _wait_playing(page)
        page.locator(f'[id="{_segments_in_audio(talk)[6].anchor}"] > .ts').tap()
        page.wait_for_function("document.querySelector('.player.is-docked') !== null")
        box = page.evaluate(
            "(() => { const b = document.querySelector('.player-bar').getBoundingClientRect();"
            " return {top: b.top, bottom: b.bottom, left: b.left, width: b.width, height: b.height,"
            " scroll: document.documentElement.scrollWidth}; })()"
        )
        assert abs(box["bottom"] - PHONE["height"]) <= 1 and box["left"] == 0 and box["width"] == PHONE["width"]
        assert box["height"] <= 110 and box["scroll"] <= PHONE["width"]
        # Every control stays reachable: inside the screen and at least 40 px wide (touch).
        sizes = page.evaluate(
            "[...document.querySelectorAll('.player-bar button:not([hidden])')].map(b => b.getBoundingClientRect())"
            ".map(r => [r.left, r.right, r.width])"
        )
        assert all(left >= 0 and right <= PHONE["width"] and width >= 40 for left, right, width in sizes)
        # The spoken line is not under the docked bar.
        line = page.evaluate("document.querySelector('.transcript .is-speaking').getBoundingClientRect().bottom")
        assert line <= box["top"]
    finally:
        context.close()


def _clipboard_page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    return context, context.new_page()


def test_copy_offers_a_clip_to_the_next_chapter(browser, audio_site, talk_url, talk):
    context, page = _clipboard_page(browser, audio_site[0])
    try:
        _open(page, talk_url)
        segment = next(s for s in talk.segments if any(c.start > s.start for c in talk.chapters) and s.start > 0)
        chapter_end = next(c.start for c in talk.chapters if c.start > segment.start)
        page.locator(f'[id="{segment.anchor}"]').hover()
        page.locator(f'[id="{segment.anchor}"] > .moment-copy').click()
        clip = page.locator(".moment-clip__copy")
        clip.wait_for(state="visible")
        clip.click()
        page.wait_for_function("document.querySelector('.moment-clip__copy.is-copied') !== null")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{talk_url}#t={hms(segment.start)},{hms(chapter_end)}"
        # Following that link highlights the clip's lines and cues the audio at its start. The first
        # same-page navigation after a load makes Material fetch the page again and swap it in, and
        # the landing runs again: wait for the state the reader is left with, not a frame between.
        page.goto(copied)
        expected = [s.start for s in talk.segments if segment.start <= s.start < chapter_end]
        lit = "[...document.querySelectorAll('.transcript .seg.is-moment')].map(s => +s.dataset.t)"
        try:
            page.wait_for_function(
                f"([start, expected]) => Math.abs({AUDIO}.currentTime - start) < 0.3"
                f" && JSON.stringify({lit}) === JSON.stringify(expected)",
                arg=[segment.start, expected],
                timeout=10000,
            )
        except PlaywrightTimeout:
            assert page.evaluate(lit) == expected
            raise
    finally:
        context.close()


def test_selected_lines_are_offered_as_a_clip(browser, audio_site, talk_url, talk):
    context, page = _clipboard_page(browser, audio_site[0])
    try:
        _open(page, talk_url)
        first, _, last = talk.segments[10:13]
        after = talk.segments[13]
        page.evaluate(
            """([a, b]) => { const range = document.createRange();
            range.setStart(document.getElementById(a).querySelector('p').firstChild, 2);
            range.setEnd(document.getElementById(b).querySelector('p').firstChild, 3);
            const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range); }""",
            [first.anchor, last.anchor],
        )
        clip = page.locator(".moment-clip__copy")
        clip.wait_for(state="visible")
        assert "3 selected lines" in clip.text_content()
        clip.click()
        page.wait_for_function("document.querySelector('.moment-clip__copy.is-copied') !== null")
        assert page.evaluate("navigator.clipboard.readText()") == f"{talk_url}#t={hms(first.start)},{hms(after.start)}"
    finally:
        context.close()


def test_reduced_motion_jumps_instead_of_gliding(browser, talk_url, talk):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    try:
        _open(page, talk_url)
        page.locator(f'[id="{_segments_in_audio(talk)[0].anchor}"] > .ts').click()
        _wait_playing(page)
        _scroll_settled(page)
        page.mouse.wheel(0, -20000)
        page.locator(".player-follow").wait_for(state="visible")
        page.locator(".player-follow").click()
        # No smooth scrolling: the spoken line is in view as soon as the click is handled.
        assert page.evaluate(
            """() => { const box = document.querySelector('.transcript .is-speaking').getBoundingClientRect();
            return box.top > 40 && box.bottom < innerHeight; }"""
        )
        transition = page.evaluate("getComputedStyle(document.querySelector('.transcript .is-speaking')).transitionDuration")
        assert transition in ("0s", "")
    finally:
        context.close()


def test_an_unused_player_stays_in_its_place(page, talk_url, talk):
    _open(page, talk_url)
    page.locator(f'[id="{talk.segments[-1].anchor}"]').scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert page.locator(".player.is-docked").count() == 0
    page.keyboard.press("k")
    page.wait_for_function("document.querySelector('.player.is-docked') !== null")


def test_a_line_with_its_own_end_is_unmarked_in_the_pause_after_it(browser, audio_site, talk_url, talk):
    """Where the transcript gives a line its end (`data-end`), the pause after it marks nobody, and a clip of it ends there."""
    segments = _segments_in_audio(talk)
    line, after = next((s, talk.segments[talk.segments.index(s) + 1]) for s in segments
                       if 7 <= talk.segments[talk.segments.index(s) + 1].start - s.start <= 12)
    end = line.start + 2.5
    context, page = _clipboard_page(browser, audio_site[0])
    try:
        # As the transcript renderer may write it; set before any script of the page reads the lines.
        page.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => "
            f"document.getElementById('{line.anchor}').setAttribute('data-end', '{end}'))"
        )
        _open(page, talk_url)
        page.locator(f'[id="{line.anchor}"] > .ts').click()
        _wait_playing(page, line.start + 0.5)
        assert _state(page)["speaking"] == line.anchor
        _wait_playing(page, end + 2.2)
        assert _state(page)["speaking"] is None
        _wait_playing(page, after.start + 0.3)
        assert _state(page)["speaking"] == after.anchor
        page.keyboard.press("k")
        page.evaluate(
            """a => { const range = document.createRange(); const p = document.getElementById(a).querySelector('p');
            range.setStart(p.firstChild, 1); range.setEnd(p.firstChild, 4);
            getSelection().removeAllRanges(); getSelection().addRange(range); }""",
            line.anchor,
        )
        clip = page.locator(".moment-clip__copy")
        clip.wait_for(state="visible")
        clip.click()
        page.wait_for_function("document.querySelector('.moment-clip__copy.is-copied') !== null")
        assert page.evaluate("navigator.clipboard.readText()") == f"{talk_url}#t={hms(line.start)},{hms(line.start + 3)}"
    finally:
        context.close()

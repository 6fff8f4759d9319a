"""Moment anchors in the built pages: the ids that `#t=` links land on without JavaScript.

Every id is checked against the model of the bundled build (`Segment.anchor`,
`Mark.anchor`, chapter start times), so a change that renumbers a segment, drops
an inline timestamp or moves a chapter heading's id breaks a test here before it
breaks a link someone shared.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from generator.timecode import hms

ANCHOR = re.compile(r"^t=\d{2,3}:\d{2}:\d{2}(?:-[2-9]\d*)?$")


def _page(site_dir, episode) -> BeautifulSoup:
    return BeautifulSoup((site_dir / "episodes" / episode.slug / "index.html").read_text("utf-8"), "html.parser")


def _moments_in_model(episode) -> list[tuple[str, int, str]]:
    """(kind, seconds, id) of every segment, aside (a line that is not speech) and inline timestamp, in page order."""
    out = []
    for segment in episode.segments:
        out.append(("aside" if segment.aside else "seg", segment.start, segment.anchor))
        out += [("mark", mark.seconds, mark.anchor) for mark in segment.marks]
    return out


def _moments_in_page(page: BeautifulSoup) -> list[tuple[str, int, str]]:
    transcript = page.select_one("div.transcript")
    assert transcript is not None, "no transcript block in the page"
    return [
        ("aside" if el.name == "aside" else "seg" if "seg" in el["class"] else "mark", int(el["data-t"]), el["id"])
        for el in transcript.select("div.seg, aside.aside, a.ts-in")
    ]


@pytest.fixture(scope="module")
def transcribed(bundled_site):
    episodes = [e for e in bundled_site.episodes if e.segments]
    assert len(episodes) >= 10, "the bundled build should have transcripts"
    return episodes


def test_every_segment_and_inline_timestamp_has_the_models_id(site_dir, transcribed):
    for episode in transcribed:
        expected = _moments_in_model(episode)
        assert all(anchor for _, _, anchor in expected), f"{episode.slug}: the model left a moment without an anchor"
        assert _moments_in_page(_page(site_dir, episode)) == expected, episode.slug


def test_inline_timestamps_are_covered(transcribed):
    """The comparison above must include inline anchors, or it proves nothing about them."""
    assert sum(len(s.marks) for e in transcribed for s in e.segments) > 100


def test_moment_ids_are_well_formed_and_name_their_own_second(transcribed):
    for episode in transcribed:
        for _, seconds, anchor in _moments_in_model(episode):
            assert ANCHOR.match(anchor), f"{episode.slug}: {anchor!r}"
            assert anchor.split("-")[0] == "t=" + hms(seconds), f"{episode.slug}: {anchor} at {seconds} s"


def test_repeats_of_a_second_are_numbered_in_page_order(transcribed):
    repeats = 0
    for episode in transcribed:
        seen: Counter[int] = Counter()
        for _, seconds, anchor in _moments_in_model(episode):
            seen[seconds] += 1
            count = seen[seconds]
            assert anchor == ("t=" + hms(seconds) + (f"-{count}" if count > 1 else "")), f"{episode.slug}: {anchor}"
            repeats += count > 1
    assert repeats > 0, "the bundled input has several segments in one second; the -2 ids must be exercised"


def test_every_id_on_an_episode_page_is_unique(site_dir, bundled_site):
    for episode in bundled_site.episodes:
        ids = [el["id"] for el in _page(site_dir, episode).select("[id]")]
        duplicated = sorted(i for i, n in Counter(ids).items() if n > 1)
        assert not duplicated, f"{episode.slug}: {duplicated}"


def test_timestamps_link_to_their_own_moment(site_dir, transcribed):
    for episode in transcribed:
        page = _page(site_dir, episode)
        for segment in page.select("div.transcript div.seg"):
            stamp = segment.select_one("a.ts")
            assert stamp is not None and stamp["href"] == "#" + segment["id"], segment["id"]
        for mark in page.select("div.transcript a.ts-in"):
            assert mark["href"] == "#" + mark["id"]


def test_chapter_headings_have_stable_ids_in_the_toc_and_the_chapter_list(site_dir, transcribed):
    checked = 0
    for episode in transcribed:
        page = _page(site_dir, episode)
        toc = {a["href"] for a in page.select("nav.md-nav--secondary a[href]")}
        ids = {el["id"] for el in page.select("[id]")}
        for chapter in episode.chapters:
            anchor = chapter.link_id()
            heading = page.select_one(f'div.transcript h3[id="{anchor}"]')
            assert heading is not None, f"{episode.slug}: no heading {anchor}"
            assert int(heading["data-t"]) == chapter.start
            assert f"#{anchor}" in toc, f"{episode.slug}: {anchor} missing from the table of contents"
            checked += 1
        chapter_list = page.select('a[href^="#chapter-"]')
        assert chapter_list or not episode.chapters
        for link in chapter_list:
            assert link["href"][1:] in ids, f"{episode.slug}: chapter link {link['href']} leads nowhere"
    assert checked > 100


def test_chapter_headings_stand_before_the_first_segment_of_their_chapter(site_dir, transcribed):
    """A listed chapter's heading sits after the segments that start before it; a heading read in the transcript, where it stood."""
    checked = 0
    for episode in transcribed:
        transcript = _page(site_dir, episode).select_one("div.transcript")
        segments_above = {}
        count = 0
        for el in transcript.select("div.seg, h3[data-t]"):
            if el.name == "h3":
                segments_above[el["id"]] = count
            else:
                count += 1
        segments = [s for s in episode.segments if not s.aside]  # asides stand on the page as notes, not div.seg
        position = 0  # headings keep the chapters' order
        for chapter in episode.chapters:
            if chapter.source == "transcript":
                first = next((j for j, s in enumerate(segments) if s.origin.line > chapter.origin.line), len(segments))
            else:
                first = next((j for j, s in enumerate(segments) if s.start >= chapter.start), len(segments))
            position = max(position, first)
            assert segments_above[chapter.link_id()] == position, f"{episode.slug}: {chapter.title!r} stands after {segments_above[chapter.link_id()]} segments"
            checked += 1
    assert checked > 100


def test_pages_stay_small_without_copy_controls_in_the_html(site_dir, transcribed):
    """The copy-link buttons are added by moments.js at load; the HTML must not carry ~800 of them."""
    for episode in transcribed:
        assert not _page(site_dir, episode).select(".moment-copy"), episode.slug

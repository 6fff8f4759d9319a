"""Exports beside each page follow their published specs field by field.

* JSON Chapters 1.2 (Podcasting 2.0, ``chapters/jsonChapters.md``): an object
  with ``version`` (string) and ``chapters`` (array) required; optional
  ``author``, ``title``, ``podcastName``, ``description``, ``fileName``
  (strings) and ``waypoints`` (boolean). Each chapter: ``startTime`` (number,
  required); optional ``title``, ``img``, ``url`` (strings), ``toc`` (boolean),
  ``endTime`` (number), ``location`` (object); in ascending ``startTime``.
* JSON transcript (Podcasting 2.0, ``transcripts/transcripts.md``): ``version``
  and ``segments``; each segment ``speaker``, ``startTime``, ``endTime``, ``body``.
* WebVTT, read back with webvtt-py: one cue per segment, the speaker as voice.
"""

from __future__ import annotations

import html
import io
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
import webvtt
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.model import Chapter, Episode, Origin, Segment
from generator.pipeline import load_site
from generator.render.exports import chapters_json, transcript_json, transcript_vtt

CHAPTERS_TOP = {"version": str, "chapters": list, "author": str, "title": str, "podcastName": str,
                "description": str, "fileName": str, "waypoints": bool}
CHAPTER_FIELDS = {"startTime": (int, float), "title": str, "img": str, "url": str, "toc": bool,
                  "endTime": (int, float), "location": dict}
SEGMENT_FIELDS = {"speaker": str, "startTime": (int, float), "endTime": (int, float), "body": str}
PAGE = "https://talks.example.org/episodes/x/"


def _is(value: object, kind: type | tuple[type, ...]) -> bool:
    """JSON type check in which true and false are booleans, never numbers."""
    return isinstance(value, bool) if kind is bool else isinstance(value, kind) and not isinstance(value, bool)


def check_chapters(data: dict) -> None:
    """Fail unless ``data`` is a valid JSON Chapters 1.2 document."""
    assert set(data) <= set(CHAPTERS_TOP), set(data) - set(CHAPTERS_TOP)
    assert {"version", "chapters"} <= set(data)
    for key, kind in CHAPTERS_TOP.items():
        if key in data:
            assert _is(data[key], kind), key
    assert data["version"].startswith("1.2")
    starts = []
    for chapter in data["chapters"]:
        assert set(chapter) <= set(CHAPTER_FIELDS), set(chapter) - set(CHAPTER_FIELDS)
        assert "startTime" in chapter
        for key, kind in CHAPTER_FIELDS.items():
            if key in chapter:
                assert _is(chapter[key], kind), key
        assert math.isfinite(chapter["startTime"]) and chapter["startTime"] >= 0
        if "url" in chapter:
            assert chapter["url"].startswith(("https://", "http://"))
        starts.append(chapter["startTime"])
    assert starts == sorted(starts)


def check_transcript(data: dict) -> None:
    """Fail unless ``data`` is a valid Podcasting 2.0 JSON transcript."""
    assert set(data) == {"version", "segments"}
    assert isinstance(data["version"], str) and isinstance(data["segments"], list)
    for seg in data["segments"]:
        assert set(seg) <= set(SEGMENT_FIELDS) and {"startTime", "endTime", "body"} <= set(seg)
        for key, kind in SEGMENT_FIELDS.items():
            if key in seg:
                assert _is(seg[key], kind), key
        assert 0 <= seg["startTime"] < seg["endTime"], "every segment lasts a positive time"
    for seg, following in zip(data["segments"], data["segments"][1:]):
        assert seg["endTime"] <= following["startTime"], "segments follow reading order without overlap"


def _vtt_seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return round(int(hours) * 3600 + int(minutes) * 60 + float(seconds), 3)


def check_vtt(text: str, data: dict) -> None:
    """Fail unless the WebVTT parses and says what the JSON transcript says."""
    assert text.startswith("WEBVTT\n\n")
    captions = webvtt.from_buffer(io.StringIO(text)).captions
    assert len(captions) == len(data["segments"])
    for caption, seg in zip(captions, data["segments"]):
        assert _vtt_seconds(caption.start) == seg["startTime"]
        assert _vtt_seconds(caption.end) == seg["endTime"]
        # webvtt-py leaves character references as written; a player decodes them.
        # WebVTT strips an annotation's surrounding spaces; webvtt-py keeps them.
        voice = html.unescape(caption.voice).strip() if caption.voice else None
        assert voice == (" ".join(seg["speaker"].split()) or None if "speaker" in seg else None)
        assert html.unescape(caption.text) == (" ".join(seg["body"].split()) or "\u00a0")


@pytest.fixture(scope="module")
def episodes() -> list[Episode]:
    return load_site(Config()).episodes


def test_every_bundled_episode_exports_valid_files(episodes):
    with_chapters = [e for e in episodes if e.chapters]
    with_transcript = [e for e in episodes if e.segments]
    assert len(with_chapters) == 17 and len(with_transcript) == 15
    for episode in with_chapters:
        data = json.loads(chapters_json(episode, "Latent Space", PAGE))
        check_chapters(data)
        assert [c["startTime"] for c in data["chapters"]] == [c.start for c in episode.chapters]
        assert ("url" in data["chapters"][0]) == bool(episode.segments)
    for episode in with_transcript:
        data = json.loads(transcript_json(episode))
        check_transcript(data)
        assert len(data["segments"]) == sum(1 for s in episode.segments if not s.aside)
        check_vtt(transcript_vtt(episode), data)


def test_chapter_urls_point_at_headings_on_the_built_page(bundled):
    config, site = bundled
    checked = 0
    for episode in site.episodes:
        page = config.site_dir / "episodes" / episode.slug
        if not episode.chapters:
            assert not (page / "chapters.json").exists()
            continue
        data = json.loads((page / "chapters.json").read_text(encoding="utf-8"))
        check_chapters(data)
        ids = {tag["id"] for tag in BeautifulSoup((page / "index.html").read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
        for chapter in data["chapters"]:
            if "url" in chapter:
                address, fragment = chapter["url"].split("#")
                assert address.endswith(f"/episodes/{episode.slug}/") and fragment in ids
                checked += 1
    assert checked > 100


def test_exports_sit_beside_each_page(bundled):
    config, site = bundled
    for episode in site.episodes:
        page = config.site_dir / "episodes" / episode.slug
        assert (page / "index.html").exists()
        for name in ("transcript.json", "transcript.vtt"):
            assert (page / name).exists() == bool(episode.segments), (episode.slug, name)


def _episode(segments: list[Segment], chapters: list[Chapter] = ()) -> Episode:
    return Episode(key="k", slug="x", title="T", date=None, notes=(), chapters=tuple(chapters),
                   segments=tuple(segments), speakers=(), origin=Origin("f", 1))


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400_000), st.one_of(st.none(), _TEXT), _TEXT), min_size=1, max_size=8))
def test_any_text_exports_valid_files(rows):
    """Whatever a transcript holds (``-->``, tags, blank lines, controls), the exports stay valid."""
    from generator.parse.transcript import _finish

    segments = _finish([Segment(start, text, Origin("f", n), speaker=speaker) for n, (start, speaker, text) in enumerate(rows)])
    segments = [replace(s, speaker=s.speaker if s.speaker and s.speaker.strip() else None) for s in segments]
    episode = _episode(segments, [Chapter(s.start, s.text or "untitled", s.origin) for s in segments])
    check_chapters(json.loads(chapters_json(episode, "P<o>d", PAGE)))
    data = json.loads(transcript_json(episode))
    check_transcript(data)
    check_vtt(transcript_vtt(episode), data)

"""Reading feeds, transcript and chapters files, offline: the formats and tags, one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.sources.chapters import read_json_chapters
from generator.sources.feed import PODCAST_NS, feed_bytes, read_feed
from generator.sources.sanitise import sanitise_html
from generator.sources.transcripts import read_transcript
from generator.update import ordered_transcripts

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def feed(name: str):
    return read_feed((FEEDS / name).read_bytes(), name)


def test_every_podcast_transcript_tag_is_kept_with_type_language_and_rel():
    kelp = feed("pc20/feed.xml").items[0]
    assert [(t.url.rsplit("/", 1)[1], t.type, t.language, t.rel) for t in kelp.transcripts] == [
        ("kelp.es.vtt", "text/vtt", "es", None),
        ("kelp.srt", "application/x-subrip", None, "captions"),
        ("kelp.json", "application/json", None, None),
        ("kelp.vtt", "text/vtt", "en", None),
    ]
    # The feed's language (en-GB) first, then WebVTT > JSON > SRT.
    order = [t.url.rsplit("/", 1)[1] for t in ordered_transcripts(kelp.transcripts, "en-GB")]
    assert order == ["kelp.vtt", "kelp.json", "kelp.srt", "kelp.es.vtt"]


def test_chapters_person_and_soundbite_tags_under_both_namespace_uris():
    items = {item.title: item for item in feed("pc20/feed.xml").items}
    kelp = items["Kelp Forests After the Heatwave"]
    assert kelp.chapters.url.endswith("kelp.chapters.json") and kelp.chapters.type == "application/json+chapters"
    assert [(p.name, p.role, p.href) for p in kelp.persons] == [
        ("Tomas Reyes", "guest", "https://example.org/people/tomas-reyes"),
        ("Noor Haddad", "host", "https://example.org/people/noor")]
    assert [(s.start, s.duration, s.title) for s in kelp.soundbites] == [(95.5, 30.0, "The urchin barrens")]
    # The channel's people stand for an item that names none.
    assert [p.name for p in items["Counting Seabirds by Sound"].persons] == ["Noor Haddad"]
    # The older GitHub namespace URI is the same namespace.
    night = items["Low Tide Night Walk"]
    assert PODCAST_NS[1].startswith("https://github.com/") and len(night.transcripts) == 2
    assert [p.name for p in night.persons] == ["Ines Duarte"]


def test_psc_chapters_in_normal_play_time():
    seabirds = feed("pc20/feed.xml").items[1]
    assert [(c.start, c.title) for c in seabirds.psc_chapters] == [
        (0, "On the cliff"), (185, "What a puffin sounds like"), (460, "Counting without seeing")]


def test_channel_and_item_basics_from_feedparser():
    kitchen = feed("substack/feed.xml")
    assert kitchen.title == "The Kitchen Table" and kitchen.language == "en"
    first = kitchen.items[0]
    assert (first.guid, first.date, first.link) == ("substack:post:1001", "2025-11-04", "{base}/substack/p/sourdough-at-scale")
    assert (first.audio.url, first.audio.type, first.audio.length, first.audio.duration) == (
        "{base}/audio/sourdough.mp3", "audio/mpeg", 31457280, 1300.0)
    assert "baker's percentages table" in first.notes_html and not first.transcripts


def test_entity_bombs_and_malformed_xml_are_refused():
    with pytest.raises(InputError, match=r"bomb.xml: refused: the XML declares entities"):
        feed("bomb.xml")
    with pytest.raises(InputError, match=r"malformed.xml:4: not well-formed XML"):
        feed("malformed.xml")
    external = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>'
    with pytest.raises(InputError, match="declares entities"):
        read_feed(external, "external.xml")


def test_wrong_declared_encodings():
    text = '<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>Café</title></channel></rss>'
    fixed, warnings = feed_bytes(text.encode("cp1252"), "f.xml")
    assert "Café" in fixed.decode("utf-8") and "declares UTF-8 but is not valid UTF-8" in warnings[0].message
    fixed, warnings = feed_bytes(text.replace("UTF-8", "ISO-8859-1").encode("utf-8"), "g.xml")
    assert "Café" in fixed.decode("utf-8") and "its bytes are UTF-8" in warnings[0].message
    fixed, warnings = feed_bytes(text.replace("UTF-8", "ISO-8859-1").encode("latin-1"), "h.xml")
    assert "Café" in fixed.decode("utf-8") and not warnings
    with pytest.raises(InputError, match="unknown encoding"):
        feed_bytes(text.replace("UTF-8", "x-klingon").encode(), "k.xml")


def test_hostile_html_is_sanitised_and_its_text_kept():
    notes = feed("hostile.xml").items[0].notes_html
    raw = """<p>Before <script>steal()</script>after.</p><img src="x.png" onerror="steal()">
    <a href="javascript:steal()">poisoned</a><iframe src="https://evil.example/">framed</iframe> around.
    <p onclick="steal()">click</p><form action="https://evil.example/"><input name="q"></form>"""
    for html in (notes, raw):
        clean = sanitise_html(html)
        for hostile in ("<script", "onerror", "javascript:", "<iframe", "onclick", "<form", "<input", "steal()"):
            assert hostile not in clean, (hostile, clean)
    clean = sanitise_html(raw)
    assert all(text in clean for text in ("Before ", "after.", "poisoned", "framed", "around.", "click"))


def test_webvtt_voices_markup_and_blocks():
    vtt = "WEBVTT\n\nNOTE not speech\n\nSTYLE\n::cue { color: red }\n\ncue-1\n00:01.000 --> 00:02.000\n<v.loud Ana Lee>Hi <b>there</b> &lt;3\n\n00:40.000 --> 00:44.000\n<v Bo>Hello.\n"
    segments, _ = read_transcript(vtt, "vtt", "t.vtt")
    assert [(s.start, s.speaker, s.text, s.anchor, s.origin.line) for s in segments] == [
        (1, "Ana Lee", "Hi there <3", "t=00:00:01", 9), (40, "Bo", "Hello.", "t=00:00:40", 12)]
    with pytest.raises(InputError, match="t.vtt:1: a WebVTT file starts with 'WEBVTT'"):
        read_transcript("00:01.000 --> 00:02.000\nHi", "vtt", "t.vtt")


def test_srt_json_html_and_text_transcripts():
    srt = "1\n00:00:01,500 --> 00:00:03,000\nAna: One.\n\n2\n00:01:05,000 --> 00:01:07,000\nBo: Two.\n"
    assert [(s.start, s.speaker, s.text) for s in read_transcript(srt, "srt", "t.srt")[0]] == [(1, "Ana", "One."), (65, "Bo", "Two.")]
    json_text = '{"version": "1.0.0", "segments": [{"speaker": "Ana", "startTime": 3.2, "endTime": 4, "body": "Hi"}, {"speaker": "Ana", "startTime": 4, "body": "all."}]}'
    assert [(s.start, s.end, s.text) for s in read_transcript(json_text, "json", "t.json")[0]] == [(3, 4, "Hi all.")]
    html = "<cite>Ana:</cite><time>0:05</time><p>First words.</p><cite>Bo:</cite><time>1:02:03</time><p>Later.</p>"
    assert [(s.start, s.speaker, s.text) for s in read_transcript(html, "html", "t.html")[0]] == [(5, "Ana", "First words."), (3723, "Bo", "Later.")]
    text = "[00:00:02] Ana: Plain text with times.\n[00:00:09] Bo: Read by the dump's parser."
    assert [(s.start, s.speaker) for s in read_transcript(text, "text", "t.txt")[0]] == [(2, "Ana"), (9, "Bo")]
    with pytest.raises(InputError, match="t.json: expected a JSON object with a 'segments' list"):
        read_transcript("[]", "json", "t.json")


def test_json_chapters_leave_out_silent_markers_and_refuse_bad_times():
    chapters = read_json_chapters((FEEDS / "pc20" / "kelp.chapters.json").read_text(), "c.json")
    assert [(c.start, c.title) for c in chapters] == [(0, "Into the water"), (95, "Urchin barrens"), (120, "Will it come back?")]
    with pytest.raises(InputError, match="chapter 1 needs a 'startTime'"):
        read_json_chapters('{"version": "1.2.0", "chapters": [{"title": "No time"}]}', "c.json")

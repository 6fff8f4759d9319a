"""The site's feed, read back by two real feed parsers: feedparser (general RSS) and podcastparser (gPodder's).

Where a talk has audio its item is a podcast episode: enclosure, duration,
Podcasting 2.0 transcripts (WebVTT, JSON, HTML), chapters and people. The
bundled talks have no audio; one is given an audio URL through a temporary
metadata file, as a feed or an ``audio:`` entry would.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace

import feedparser
import podcastparser
import pytest

from generator.build import render_files, site_settings
from generator.config import Config
from generator.pipeline import load_site
from generator.render.indexes import PODCAST_NS

AUDIO_SLUG = "agents-work-dust-tt"
AUDIO_URL = "https://cdn.example.org/audio/dust.m4a"


@pytest.fixture(scope="module")
def with_audio(tmp_path_factory):
    """The bundled input with one talk given audio: (site, rendered files, site URL)."""
    config = Config()
    text = config.metadata.read_text(encoding="utf-8")
    marked = text.replace(f"    slug: {AUDIO_SLUG}\n", f"    slug: {AUDIO_SLUG}\n    audio: {AUDIO_URL}\n", 1)
    assert marked != text
    path = tmp_path_factory.mktemp("feed") / "episodes.yml"
    path.write_text(marked, encoding="utf-8")
    config = replace(config, metadata=path)
    site = load_site(config)
    return site, render_files(site, config), site_settings(config.mkdocs_config)["site_url"]


def _items(feed_xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(feed_xml.encode("utf-8"))
    return {item.findtext("link"): item for item in root.iter("item")}


def test_feedparser_reads_the_feed_without_error_and_every_date(with_audio):
    site, files, _ = with_audio
    parsed = feedparser.parse(files["feed.xml"])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(site.episodes)
    by_link = {entry.link: entry for entry in parsed.entries}
    for episode in site.episodes:
        entry = next(e for link, e in by_link.items() if link.endswith(f"/episodes/{episode.slug}/"))
        if episode.date:
            assert dt.date(*entry.published_parsed[:3]) == dt.date.fromisoformat(episode.date), episode.slug
        else:
            # Undated stays undated: no pubDate, rather than a made-up one.
            assert "published" not in entry, episode.slug


def test_the_item_with_audio_is_a_podcast_episode_for_feedparser(with_audio):
    site, files, _ = with_audio
    talk = next(e for e in site.episodes if e.slug == AUDIO_SLUG)
    entries = [e for e in feedparser.parse(files["feed.xml"]).entries if e.get("enclosures")]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.enclosures[0]["href"] == AUDIO_URL and entry.enclosures[0]["type"] == "audio/mp4"
    assert entry.itunes_duration == str(talk.duration)
    page = entry.link
    assert entry.podcast_chapters == {"url": f"{page}chapters.json", "type": "application/json+chapters"}
    # feedparser keeps the last of repeated elements: the timed captions.
    assert entry.podcast_transcript["url"] == f"{page}transcript.vtt"
    assert entry.podcast_transcript["type"] == "text/vtt"


def test_podcastparser_reads_enclosure_transcript_chapters_and_people(with_audio):
    site, files, site_url = with_audio
    talk = next(e for e in site.episodes if e.slug == AUDIO_SLUG)
    parsed = podcastparser.parse(f"{site_url}feed.xml", io.BytesIO(files["feed.xml"].encode("utf-8")))
    assert len(parsed["episodes"]) == len(site.episodes)
    with_enclosure = [e for e in parsed["episodes"] if e["enclosures"]]
    assert len(with_enclosure) == 1
    episode = with_enclosure[0]
    assert episode["enclosures"][0]["url"] == AUDIO_URL and episode["enclosures"][0]["mime_type"] == "audio/mp4"
    assert episode["total_time"] == talk.duration
    assert episode["transcript_url"] == f"{episode['link']}transcript.vtt"
    assert episode["chapters_json_url"] == f"{episode['link']}chapters.json"
    people = [s.name for s in talk.speakers if not s.generic]
    assert [p["name"] for p in episode["persons"]] == people
    # A host speaks in at least half of the talks; someone heard in this talk alone is a guest.
    talks_of = Counter(s.name.casefold() for e in site.episodes for s in {x.name: x for x in e.speakers}.values())
    for person in episode["persons"]:
        expected = "host" if talks_of[person["name"].casefold()] >= max(3, len(site.episodes) / 2) else "guest"
        assert person["role"] == expected, person


def test_every_transcript_and_chapters_link_names_a_file_the_site_has(with_audio):
    site, files, site_url = with_audio
    items = _items(files["feed.xml"])
    item = next(i for link, i in items.items() if link.endswith(f"/episodes/{AUDIO_SLUG}/"))
    transcripts = {t.get("type"): t.get("url") for t in item.iter(f"{{{PODCAST_NS}}}transcript")}
    assert set(transcripts) == {"text/vtt", "application/json", "text/html"}
    chapters = item.find(f"{{{PODCAST_NS}}}chapters").get("url")
    for url in [*transcripts.values(), chapters]:
        rel = url.removeprefix(site_url)
        assert rel != url
        assert (rel + "index.md" if rel.endswith("/") else rel) in files, url
    assert item.find(f"{{{PODCAST_NS}}}transcript[@type='text/vtt']").get("rel") == "captions"


def test_items_without_audio_stay_plain_rss(with_audio):
    _, files, _ = with_audio
    for link, item in _items(files["feed.xml"]).items():
        if link.endswith(f"/episodes/{AUDIO_SLUG}/"):
            continue
        assert item.find("enclosure") is None
        assert not [child for child in item if child.tag.startswith("{")], link

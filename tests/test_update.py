"""`update`: feeds fetched over real sockets from 127.0.0.1, stored, and read back offline."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import ROOT, Config
from generator.fetch import Limits
from generator.metadata import load_metadata
from generator.pipeline import load_site
from generator.sources.feed import read_feed
from generator.sourcesfile import FeedSource, load_sources, with_source
from generator.update import run_update

from .feedserver import FeedServer

FAST = Limits(timeout=1.0, deadline=5.0, max_bytes=512 * 1024, attempts=2, backoff=0.05)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def project(tmp: Path, *feeds: tuple[str, str, str]) -> Config:
    """A scratch project: an empty input folder, a sources file listing ``feeds`` (name, url, transcripts)."""
    (tmp / "input").mkdir()
    sources = tmp / "input" / "sources.yml"
    text = ""
    for name, url, transcripts in feeds:
        text = with_source(text, FeedSource(name, url, transcripts), sources)
    sources.write_text(text, encoding="utf-8")
    return replace(Config(), inputs=(tmp / "input",), metadata=tmp / "input" / "episodes.yml", sources=sources)


def update(config: Config) -> tuple[int, str]:
    out = io.StringIO()
    status = run_update(config, [], limits=FAST, out=out)
    return status, out.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def by_title(config: Config) -> dict:
    return {e.title: e for e in load_site(config).episodes}


def test_substack_feed_transcripts_from_post_pages(tmp_path, server):
    config = project(tmp_path, ("kitchen", server.url("substack/feed.xml"), "post-page"))
    status, out = update(config)
    assert status == 0, out
    assert "kitchen: 2 items: 2 new, 0 changed, 0 unchanged" in out
    episodes = by_title(config)
    sourdough = episodes["Sourdough at Scale with Mara Lindqvist"]
    assert sourdough.date == "2025-11-04"
    assert sourdough.audio.url == server.url("audio/sourdough.mp3")
    assert sourdough.audio.duration == 21 * 60 + 40 and sourdough.audio.length == 31457280
    assert [(c.start, c.title) for c in sourdough.chapters] == [
        (0, "Introductions"), (130, "Keeping a starter for twenty years"), (570, "Scaling hydration")]
    assert [(s.anchor, s.speaker) for s in sourdough.segments][:2] == [("t=00:00:00", "Host"), ("t=00:00:08", "Mara")]
    assert sourdough.segments[-1].text == "At that scale every percent of water changes the whole morning."
    links = {link.url for block in sourdough.notes for link in block.links}
    assert "https://example.org/bakers-percentages" in links
    # The item's page lies in its own folder; the page's nav and footer are not notes.
    assert not any("Subscribe" in block.text for block in sourdough.notes)
    festival = episodes["Feeding a Festival: Field Kitchens with Ade Okafor"]
    assert festival.audio.duration == 1745 and len(festival.segments) == 4
    # The URL is frozen in the metadata file by guid.
    metas = {m.guid: m for m in load_metadata(config.metadata)}
    assert metas["substack:post:1001"].slug == sourdough.slug == "sourdough-at-scale-with-mara-lindqvist"


def test_podcasting20_feed_reads_each_transcript_format_and_chapters(tmp_path, server):
    config = project(tmp_path, ("tidepool", server.url("pc20/feed.xml"), "feed"))
    status, out = update(config)
    assert status == 0, out
    folder = tmp_path / "input" / "feeds" / "tidepool"
    episodes = by_title(config)

    kelp = episodes["Kelp Forests After the Heatwave"]
    # WebVTT in the feed's language is preferred to the Spanish one, to SRT and to JSON.
    assert list(folder.glob("items/*/transcript.*")) and (folder / "items" / kelp.segments[0].origin.path.split("/")[-2] / "transcript.vtt").exists()
    assert [(s.anchor, s.speaker) for s in kelp.segments] == [
        ("t=00:00:00", "Noor Haddad"), ("t=00:00:08", "Tomas Reyes"), ("t=00:01:35", "Tomas Reyes"),
        ("t=00:02:00", "Noor Haddad"), ("t=00:02:06", "Tomas Reyes")]
    # Cues of one voice join into one turn; the voice carries over a cue without <v>; markup and references go.
    assert kelp.segments[0].text == "Welcome to Tidepool Radio. I'm Noor, and today I'm in the water with Tomas Reyes."
    assert kelp.segments[1].text == "Thanks, Noor. The visibility is good & the kelp is not."
    assert "<i>" not in kelp.segments[2].text and "nothing but urchins" in kelp.segments[2].text
    # JSON chapters; the silent ("toc": false) marker is left out.
    assert [(c.start, c.title) for c in kelp.chapters] == [(0, "Into the water"), (95, "Urchin barrens"), (120, "Will it come back?")]
    assert kelp.audio.type == "audio/mp4" and kelp.audio.duration == 1110

    seabirds = episodes["Counting Seabirds by Sound"]
    assert [(s.start, s.speaker) for s in seabirds.segments] == [(0, "Noor Haddad"), (185, "Ravi Menon"), (460, "Ravi Menon")]
    assert seabirds.segments[0].text.endswith("The puffins do not mind us at all.")
    assert [(c.start, c.title) for c in seabirds.chapters] == [(0, "On the cliff"), (185, "What a puffin sounds like"), (460, "Counting without seeing")]

    # Under the namespace's older URI; the WebVTT link fails, so the JSON one is used; words join into turns.
    night = episodes["Low Tide Night Walk"]
    assert [(s.start, s.speaker, s.text) for s in night.segments] == [
        (0, "Ines Duarte", "Mind the channel."), (2, "Noor Haddad", "Is that a lugworm cast?"),
        (64, "Ines Duarte", "It is, and there are thousands of them out here.")]
    assert "missing/night-walk.vtt: HTTP 404" in out

    # A transcript URL that fails: the episode is kept without a transcript, with a warning.
    seals = episodes["Harbour Seals, Up Close"]
    assert not seals.segments and seals.audio.url == server.url("audio/seals.mp3")
    assert "status/500/seals.vtt: HTTP 500" in out and "kept without it" in out


def test_second_update_adds_one_episode_and_rewrites_nothing_else(tmp_path, server):
    config = project(tmp_path, ("kitchen", server.url("substack/feed.xml"), "post-page"))
    assert update(config)[0] == 0
    before = snapshot(tmp_path / "input")
    # Unchanged feed: a conditional request, answered 304; nothing written at all.
    status, out = update(config)
    assert status == 0 and "0 new, 0 changed, 2 unchanged" in out
    assert snapshot(tmp_path / "input") == before
    assert '"' in server.log[-1][1].get("If-None-Match", "")
    assert server.log[-1][1]["User-Agent"].startswith("talks-site-updater/")

    server.routes["/substack/feed.xml"] = server.fixture("substack/feed-2.xml")
    status, out = update(config)
    assert status == 0 and "1 new, 0 changed, 2 unchanged" in out and "new        Pickling Season with Jun Park" in out
    after = snapshot(tmp_path / "input")
    rewritten = {path for path in before if after[path] != before[path]}
    added = set(after) - set(before)
    assert rewritten == {"feeds/kitchen/feed.xml", "feeds/kitchen/validators.json", "episodes.yml"}
    assert len(added) == 1 and added.pop().endswith("/page.html")
    assert len(load_site(config).episodes) == 3
    assert [m.title for m in load_metadata(config.metadata)][-1] == "Pickling Season with Jun Park"


@pytest.mark.parametrize(
    "route, reason",
    [
        ("status/404/feed.xml", "HTTP 404"),
        ("status/500/feed.xml", "HTTP 500"),
        ("slow/feed.xml", "timed out"),
        ("loop", "redirect loop"),
        ("big", "over the limit"),
        ("big-declared", "over the limit"),
        ("malformed.xml", "not well-formed XML"),
        ("bomb.xml", "declares entities"),
    ],
)
def test_a_failed_fetch_keeps_every_stored_file(tmp_path, server, route, reason):
    config = project(tmp_path, ("kitchen", server.url("substack/feed.xml"), "post-page"))
    assert update(config)[0] == 0
    before = snapshot(tmp_path / "input")
    server.routes["/substack/feed.xml"] = b""
    sources = config.sources
    sources.write_text(sources.read_text().replace(server.url("substack/feed.xml"), server.url(route)))
    status, out = update(config)
    assert status == 1
    assert f"error: kitchen: {server.url(route)}" in out and reason in out, out
    after = snapshot(tmp_path / "input")
    assert {k: v for k, v in after.items() if k != "sources.yml"} == {k: v for k, v in before.items() if k != "sources.yml"}
    assert not list((tmp_path / "input").rglob("*.tmp"))
    assert len(load_site(config).episodes) == 2


def test_wrong_declared_encoding_is_read_as_what_it_is(tmp_path, server):
    feed = server.fixture("substack/feed.xml").decode("utf-8").replace("Mara Lindqvist runs", "Mara Lindqvist, café owner, runs")
    server.routes["/cp1252.xml"] = feed.encode("cp1252")
    server.routes["/latin1-declared.xml"] = feed.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("utf-8")
    config = project(tmp_path, ("one", server.url("cp1252.xml"), "none"), ("two", server.url("latin1-declared.xml"), "none"))
    status, out = update(config)
    assert status == 0, out
    assert "declares UTF-8 but is not valid UTF-8" in out and "declares ISO-8859-1 but its bytes are UTF-8" in out
    for name in ("one", "two"):
        stored = tmp_path / "input" / "feeds" / name / "feed.xml"
        assert "Mara Lindqvist, café owner, runs" in read_feed(stored.read_bytes(), str(stored)).items[0].notes_html
    # Both feeds hold the same items (same guids): one page each, not two.
    notes = [b.text for e in load_site(config).episodes if e.title.startswith("Sourdough") for b in e.notes]
    assert sum("Mara Lindqvist, café owner, runs" in text for text in notes) == 1
    # Without a transcript source, chapters come from the timestamps written in the notes.
    (sourdough,) = [e for e in load_site(config).episodes if e.title.startswith("Sourdough")]
    assert [(c.start, c.title) for c in sourdough.chapters][1:] == [(130, "Keeping a starter for twenty years"), (570, "Scaling hydration")]
    assert not sourdough.segments


def test_build_reads_stored_feeds_without_network(tmp_path, server, monkeypatch):
    from generator.build import build_site

    config = project(tmp_path, ("tidepool", server.url("pc20/feed.xml"), "feed"))
    assert update(config)[0] == 0
    config = replace(config, site_dir=tmp_path / "site", generated_dir=tmp_path / "generated", search_index=False)

    def no_network(*args, **kwargs):
        raise AssertionError("the build tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    site = load_site(config)
    build_site(site, config, {})
    kelp = next(e for e in site.episodes if e.title.startswith("Kelp"))
    page = (tmp_path / "site" / "episodes" / kelp.slug / "index.html").read_text(encoding="utf-8")
    assert 'id="t=00:01:35"' in page and "Urchin barrens" in page and "Kelp Forests After the Heatwave" in page
    assert kelp.audio.url == server.url("audio/kelp.m4a")
    # The feed's enclosure is the page's player and the site feed's enclosure.
    assert f'<audio class="player-audio" src="{kelp.audio.url}"' in page
    site_feed = (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")
    assert f'<enclosure url="{kelp.audio.url}"' in site_feed


def test_hostile_notes_are_inert_and_their_text_stays(tmp_path, server):
    from generator.build import build_site

    config = project(tmp_path, ("hostile", server.url("hostile.xml"), "none"))
    assert update(config)[0] == 0
    config = replace(config, site_dir=tmp_path / "site", generated_dir=tmp_path / "generated", search_index=False)
    site = load_site(config)
    build_site(site, config, {})
    (episode,) = site.episodes
    page = (tmp_path / "site" / "episodes" / episode.slug / "index.html").read_text(encoding="utf-8")
    for text in ("Before the script", "after the script.", "text around the frame.", "Styled text survives.",
                 "A paragraph with a click handler.", "poisoned link", "stays quiet."):
        assert text in page, text
    for hostile in ("pwned", "javascript:", "<iframe", "evil.example", "onerror", "display:none"):
        assert hostile not in page, hostile
    # The safe link is kept with its URL (for the reading list); the poisoned one keeps only its words.
    links = {link.text: link.url for block in episode.notes for link in block.links}
    assert links == {"safe link": "https://example.org/safe"}


def test_an_item_titled_like_a_bundled_episode_merges_into_it(tmp_path, server, bundled_site):
    metadata = tmp_path / "episodes.yml"
    shutil.copy(ROOT / "input" / "episodes.yml", metadata)
    sources = tmp_path / "sources.yml"
    sources.write_text(with_source("", FeedSource("mirror", server.url("substack/feed-merge.xml"), "none"), sources))
    config = replace(Config(), metadata=metadata, sources=sources)
    status, out = update(config)
    assert status == 0, out
    assert "froze" not in out  # the episode has its entry already; it gets the item's guid
    vision = next(m for m in load_metadata(metadata) if m.slug == "2024-in-vision-ls-live-neurips")
    assert vision.guid == "mirror:vision-2024" and vision.match == "Roboflow"
    assert "known by its guid from now on: 'mirror:vision-2024'" in out
    assert len(load_metadata(metadata)) == len(load_metadata(ROOT / "input" / "episodes.yml"))
    site = load_site(config)
    assert len(site.episodes) == len(bundled_site.episodes)
    old = next(e for e in bundled_site.episodes if e.slug == "2024-in-vision-ls-live-neurips")
    merged = next(e for e in site.episodes if e.slug == old.slug)
    assert merged.audio.url == server.url("audio/vision-2024.mp3") and merged.guid == "mirror:vision-2024"
    assert merged.title == "2024 in Vision [LS Live @ NeurIPS]" and merged.date == "2024-12-22"
    # The dump's fuller notes, chapters and transcript stay, and with them every anchor.
    assert [s.anchor for s in merged.segments] == [s.anchor for s in old.segments] and old.segments
    assert merged.chapters == old.chapters and merged.notes == old.notes


def test_update_feed_adds_it_to_the_sources_file(tmp_path, server):
    (tmp_path / "input").mkdir()
    sources, metadata = tmp_path / "input" / "sources.yml", tmp_path / "input" / "episodes.yml"
    command = [sys.executable, "-m", "generator", "update", "--feed", server.url("pc20/feed.xml"),
               "--sources", str(sources), "--metadata", str(metadata)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (source,) = load_sources(sources)
    assert (source.name, source.url, source.transcripts) == ("tidepool-radio", server.url("pc20/feed.xml"), "feed")
    assert sources.read_text().startswith("# Podcast feeds this site follows.")
    assert (tmp_path / "input" / "feeds" / "tidepool-radio" / "feed.xml").exists()
    assert len(load_metadata(metadata)) == 4
    again = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert again.returncode == 0 and "already in" in again.stdout and len(load_sources(sources)) == 1


def test_an_item_the_feed_drops_keeps_its_page(tmp_path, server):
    server.routes["/substack/feed.xml"] = server.fixture("substack/feed-2.xml")
    config = project(tmp_path, ("kitchen", server.url("substack/feed.xml"), "post-page"))
    assert update(config)[0] == 0
    slugs = {e.slug for e in load_site(config).episodes}
    # The feed now lists only its two newest items... as many feeds do, in the other order here.
    server.routes["/substack/feed.xml"] = server.fixture("substack/feed.xml")
    status, out = update(config)
    assert status == 0 and "1 item(s) left the feed" in out, out
    assert {e.slug for e in load_site(config).episodes} == slugs and len(slugs) == 3
    (kept,) = (tmp_path / "input" / "feeds" / "kitchen" / "history").glob("*.xml")
    assert b"Pickling Season with Jun Park" in kept.read_bytes()


def test_a_failed_attempt_is_retried(tmp_path, server):
    config = project(tmp_path, ("tidepool", server.url("flaky/pc20/feed.xml"), "none"))
    status, out = update(config)
    assert status == 0, out
    assert [path for path, _ in server.log].count("/flaky/pc20/feed.xml") == 2
    assert len(load_site(config).episodes) == 4


def test_a_feed_that_fails_is_not_added(tmp_path, server):
    config = project(tmp_path)
    before = config.sources.read_bytes()
    out = io.StringIO()
    assert run_update(config, [server.url("status/404/feed.xml")], limits=FAST, out=out) == 1
    assert f"error: not added: {server.url('status/404/feed.xml')}: HTTP 404" in out.getvalue()
    assert config.sources.read_bytes() == before and not (tmp_path / "input" / "feeds").exists()

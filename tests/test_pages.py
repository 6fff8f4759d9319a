"""The built site's pages, read as HTML: talk headers, pictures, colours, navigation, feed, tags, head tags.

Expectations come from the loaded model (``bundled_site``), never from copies of
the output: a page that drops a speaker, a chapter or a talk fails here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.config import ROOT
from generator.render.markdown import person_slug, reading_minutes
from generator.timecode import human

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]


def soup(site_dir: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html.parser")


def target_file(site_dir: Path, page_rel: str, href: str) -> Path | None:
    """The file a relative link on ``page_rel`` leads to inside the site (None for other hosts)."""
    if urlparse(href).scheme:
        return None
    url = urljoin("http://site/" + page_rel, href)
    path = unquote(urlparse(url).path).lstrip("/")
    return site_dir / (path + "index.html" if path.endswith("/") or not path else path)


def episode_rel(episode) -> str:
    return f"episodes/{episode.slug}/index.html"


@pytest.fixture(scope="session")
def episodes(bundled_site):
    return bundled_site.episodes


@pytest.fixture(scope="session")
def talk(episodes):
    """The dated talk with the most speakers and chapters: the richest header to check."""
    return max((e for e in episodes if e.date and e.segments), key=lambda e: (len(e.speakers), len(e.chapters)))


# Talk page header -------------------------------------------------------------


def test_header_shows_the_talks_facts(site_dir, talk):
    header = soup(site_dir, episode_rel(talk)).select_one(".talk-header")
    facts = {dt.get_text(strip=True): dd for dt, dd in zip(header.select("dt"), header.select("dd"))}
    assert facts["Published"].time["datetime"] == talk.date
    assert facts["Length"].get_text(strip=True) == human(talk.duration)
    assert facts["Reading time"].get_text(strip=True) == f"{reading_minutes(talk)} min"
    assert facts["Chapters"].get_text(strip=True) == str(len(talk.chapters))


def test_header_lists_every_speaker_with_their_share(site_dir, talk):
    rows = soup(site_dir, episode_rel(talk)).select(".talk-header .talk-time li")
    names = [row.select_one(".name").get_text() for row in rows]
    assert sorted(names) == sorted(s.name for s in talk.speakers)
    total = sum(s.seconds for s in talk.speakers)
    for row in rows:
        speaker = next(s for s in talk.speakers if s.name == row.select_one(".name").get_text())
        assert row.select_one(".share").get_text().startswith(f"{round(100 * speaker.seconds / total)}%")
    shares = [int(row.select_one(".share").get_text().split("%")[0]) for row in rows]
    assert shares == sorted(shares, reverse=True)
    assert abs(sum(shares) - 100) <= len(shares)


def test_speaker_links_reach_their_pages(site_dir, episodes):
    checked = 0
    for episode in episodes:
        rel = episode_rel(episode)
        for link in soup(site_dir, rel).select(".talk-header .talk-time a.name"):
            page = target_file(site_dir, rel, link["href"])
            assert page.is_file(), f"{rel}: {link['href']}"
            assert soup(site_dir, str(page.relative_to(site_dir))).h1.get_text().casefold() == link.get_text().casefold()
            checked += 1
        generic = [s.name for s in episode.speakers if s.generic]
        linked = {a.get_text() for a in soup(site_dir, rel).select(".talk-time a.name")}
        assert not linked & set(generic), "generic labels have no page"
    assert checked > 20


def test_downloads_exist(site_dir, talk):
    rel = episode_rel(talk)
    hrefs = [a["href"] for a in soup(site_dir, rel).select(".talk-downloads a")]
    assert {"chapters.json", "transcript.json", "transcript.vtt"} <= set(hrefs)
    for href in hrefs:
        assert target_file(site_dir, rel, href).is_file(), href


def test_series_link_reaches_its_section_of_the_tags_page(site_dir, episodes):
    tags = soup(site_dir, "tags/index.html")
    seen = 0
    for episode in (e for e in episodes if e.series):
        link = soup(site_dir, episode_rel(episode)).select_one(".talk-series a")
        path, _, anchor = link["href"].partition("#")
        assert target_file(site_dir, episode_rel(episode), path) == site_dir / "tags/index.html"
        section = tags.find(id=anchor)
        assert section is not None, anchor
        assert section.get_text(strip=True) == episode.series
        seen += 1
    assert seen


# Pictures ------------------------------------------------------------------------


def test_timeline_parts_are_proportional_links_to_chapters(site_dir, episodes):
    for episode in (e for e in episodes if e.segments and e.chapters):
        page = soup(site_dir, episode_rel(episode))
        parts = page.select(".timeline .tl-part")
        chapters = [c for c in episode.chapters if c.start <= episode.duration]
        assert [p["href"] for p in parts] == [f"#{c.link_id()}" for c in chapters]
        for part in parts:
            assert page.find(id=part["href"][1:]) is not None, part["href"]
        widths = [int(re.search(r"flex-grow:(\d+)", p["style"]).group(1)) for p in parts]
        ends = [c.start for c in chapters[1:]] + [episode.duration]
        assert widths == [max(end - c.start, 1) for c, end in zip(chapters, ends)]


def test_each_speaker_has_one_colour_and_main_speakers_differ(site_dir, episodes):
    for episode in (e for e in episodes if e.segments):
        page = soup(site_dir, episode_rel(episode))
        colours: dict[str, set[str]] = {}
        turns: Counter[str] = Counter()
        for seg in page.select(".transcript .seg"):
            who = seg.select_one(".who")
            if who:
                name = who.get_text().casefold()
                turns[name] += 1
                colours.setdefault(name, set()).update(c for c in seg["class"] if re.fullmatch(r"c\d", c))
        assert all(len(found) == 1 for found in colours.values()), colours
        main = [next(iter(colours[name])) for name, _ in turns.most_common(8)]
        assert len(set(main)) == len(main), f"{episode.slug}: main speakers share a colour: {colours}"
        for row in page.select(".talk-header .talk-time li"):
            name = row.select_one(".name").get_text().casefold()
            if name in colours:
                assert set(row["class"]) & colours[name], f"{episode.slug}: {name} differs in header and transcript"


# Navigation that scales ------------------------------------------------------------


def test_an_episode_page_lists_no_other_episode(site_dir, episodes):
    for episode in episodes:
        rel = episode_rel(episode)
        page = soup(site_dir, rel)
        others = set()
        for link in page.select("a[href]"):
            target = target_file(site_dir, rel, link["href"].split("#")[0]) if link["href"].split("#")[0] else None
            if target and target.parent.parent == site_dir / "episodes" and target.parent.name != episode.slug:
                others.add(target.parent.name)
        assert not others, f"{episode.slug} links to {sorted(others)[:3]}"
        assert len(page.select(".md-nav--primary .md-nav__link")) <= 8


def test_home_lists_every_talk_newest_first(site_dir, episodes):
    cards = soup(site_dir, "index.html").select(".talk-card")
    assert [c.h2.a["href"] for c in cards] == [f"episodes/{e.slug}/" for e in episodes]
    dates = [c.time["datetime"] for c in cards if c.time]
    assert dates == sorted(dates, reverse=True)
    for card, episode in zip(cards, episodes):
        facts = card.select_one(".talk-card-facts").get_text(" ")
        assert ("No transcript" in facts) != episode.has_transcript
        if episode.chapters:
            assert f"{len(episode.chapters)} chapter" in facts
        if episode.duration:
            assert human(episode.duration) in facts
        assert card.select_one(".talk-card-summary").get_text(strip=True)
        assert card.get("data-series") == episode.series


def test_series_chips_count_their_talks(site_dir, episodes):
    chips = soup(site_dir, "index.html").select(".series-chip[data-series]")
    counts = {chip["data-series"]: int(chip.span.get_text()) for chip in chips}
    assert counts.pop("") == len(episodes)
    assert counts == {s: sum(1 for e in episodes if e.series == s) for s in {e.series for e in episodes if e.series}}


# Speakers and tags -------------------------------------------------------------------


def test_speakers_index_links_every_person_page(site_dir, episodes):
    index = soup(site_dir, "speakers/index.html")
    people = index.select(".people > li")
    expected = {s.name.casefold() for e in episodes for s in e.speakers if not s.generic}
    assert {p.select_one(".name").get_text().casefold() for p in people} == expected
    for person in people:
        page = target_file(site_dir, "speakers/index.html", person.select_one(".name")["href"])
        assert page.is_file(), page


def test_speaker_page_lists_their_talks_and_first_words(site_dir, episodes):
    name = max(
        {s.name for e in episodes for s in e.speakers if not s.generic},
        key=lambda n: sum(1 for e in episodes if any(s.name.casefold() == n.casefold() for s in e.speakers)),
    )
    rel = f"speakers/{person_slug(name)}/index.html"
    page = soup(site_dir, rel)
    theirs = [e for e in episodes if any(s.name.casefold() == name.casefold() and not s.generic for s in e.speakers)]
    talks = page.select(".speaker-talks > li")
    assert len(talks) == len(theirs) > 1
    for item in talks:
        first = item.find("a", string=re.compile("first words"))
        path, _, anchor = first["href"].partition("#")
        target = target_file(site_dir, rel, path)
        segment = soup(site_dir, str(target.relative_to(site_dir))).find(id=anchor)
        assert segment is not None and segment.select_one(".who").get_text().casefold() == name.casefold()


def test_tags_page_lists_speakers_and_series(site_dir, episodes):
    page = soup(site_dir, "tags/index.html")
    titles = {a.get_text(strip=True) for a in page.select("article a")}
    assert {e.title for e in episodes if e.series or any(not s.generic for s in e.speakers)} <= titles
    sections = {tag.get_text(strip=True).casefold() for tag in page.select("article .md-tag")}
    assert {e.series.casefold() for e in episodes if e.series} <= sections
    assert {s.name.casefold() for e in episodes for s in e.speakers if not s.generic} <= sections


# Head, feed, footer, 404 ----------------------------------------------------------------------


def test_pages_carry_description_and_opengraph(site_dir, talk):
    page = soup(site_dir, episode_rel(talk))

    def meta(key: str) -> str:
        tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
        return tag["content"]

    assert meta("og:title") == talk.title
    assert meta("og:type") == "article"
    assert meta("og:url") == SITE_URL + f"episodes/{talk.slug}/"
    assert meta("og:description") == meta("description") != ""
    home = soup(site_dir, "index.html")
    assert home.find("meta", attrs={"property": "og:type"})["content"] == "website"


def test_every_page_links_the_feed_in_head_and_footer(site_dir, talk):
    for rel in ("index.html", episode_rel(talk), "speakers/index.html", "about/index.html"):
        page = soup(site_dir, rel)
        alternate = page.find("link", rel="alternate", type="application/rss+xml")
        assert target_file(site_dir, rel, alternate["href"]) == site_dir / "feed.xml"
        footer = page.select_one(".site-footer a[type='application/rss+xml']")
        assert target_file(site_dir, rel, footer["href"]) == site_dir / "feed.xml"


def test_feed_is_valid_rss_with_every_talk(site_dir, episodes):
    root = ET.parse(site_dir / "feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [e.title for e in episodes]
    dates = []
    for item, episode in zip(items, episodes):
        link = item.findtext("link")
        assert link == SITE_URL + f"episodes/{episode.slug}/"
        assert (site_dir / link.removeprefix(SITE_URL) / "index.html").is_file()
        assert item.findtext("guid") == link
        assert item.findtext("description")
        if episode.date:
            when = parsedate_to_datetime(item.findtext("pubDate"))
            assert when.date().isoformat() == episode.date
            dates.append(when)
        else:
            assert item.find("pubDate") is None
    assert dates == sorted(dates, reverse=True)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == max(dates)


def test_not_found_page_offers_ways_back(site_dir):
    page = soup(site_dir, "404.html")
    assert "isn't here" in page.h1.get_text()
    hrefs = [a["href"] for a in page.select("article a")]
    assert any(href.rstrip("/").endswith("speakers") for href in hrefs)


def test_symbols_chosen_by_likelihood_are_shown_as_guesses(site_dir, episodes):
    """Every symbol the repair could not settle is marked on its page, with the other readings; nothing else is."""
    from generator.render.markdown import GUESSED_SYMBOL

    guessed = {
        e.slug: [f for _, f in e.fixes if f.step == GUESSED_SYMBOL and f.status == "ambiguous"] for e in episodes
    }
    assert sum(map(len, guessed.values())) >= 1, "the bundled dump has symbol guesses; the test would prove nothing"
    for episode in episodes:
        page = soup(site_dir, episode_rel(episode))
        marks = page.select("article .guess")
        assert len(marks) == len(guessed[episode.slug]), episode.slug
        for mark, fix in zip(marks, guessed[episode.slug]):
            assert mark.find(string=True, recursive=False) == fix.after
            assert mark["title"].startswith("Restored from a damaged character")
            assert any(c in mark["title"] for c in fix.candidates if c != fix.after)
            assert "uncertain" in mark.select_one(".visually-hidden").get_text()

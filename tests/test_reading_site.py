"""The reading lists as built: talk sections, the site-wide page and the JSON files."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.config import ROOT
from generator.model import Episode, NoteBlock, Origin, Segment
from generator.reading.extract import fold_name, short_name
from generator.reading import SITE_MOMENTS, reading_section, site_entries, site_json, site_page, with_reading


def _episode(slug: str, notes: list[tuple[str, str]], said: list[str]) -> Episode:
    """A small talk: its notes and one segment per sentence said, a minute apart."""
    origin = Origin(f"{slug}.txt", 1)
    blocks = tuple(NoteBlock(kind, text, Origin(f"{slug}.txt", n)) for n, (kind, text) in enumerate(notes, 1))
    segments = tuple(
        Segment(start=60 * n, text=text, origin=origin, anchor=f"t=00:{n:02d}:00") for n, text in enumerate(said)
    )
    return with_reading(Episode(slug, slug, slug.title(), None, blocks, (), segments, (), origin))


# ------------------------------------------------------------ merging, in memory


def test_an_item_cited_by_two_talks_is_one_entry_listing_both():
    first = _episode(
        "first",
        [("paragraph", "All the papers they picked:"), ("bullet", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces")],
        ["Mamba changed things.", "Nothing here.", "Back to Mamba."],
    )
    second = _episode(
        "second",
        [("heading", "Show Notes"), ("bullet", "Mamba"), ("bullet", "Chatbot Arena")],
        ["We tried Mamba layers."],
    )
    entries = site_entries([first, second])
    mamba = [e for e in entries if "Mamba" in e.item.title]
    assert len(mamba) == 1
    entry = mamba[0]
    # The fuller title of the two citations names the entry.
    assert entry.item.title == "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    assert [(c.episode.slug, [m.anchor for m in c.item.mentions]) for c in entry.citations] == [
        ("first", ["t=00:00:00", "t=00:02:00"]),
        ("second", ["t=00:00:00"]),
    ]
    talks = {i["title"]: [t["episode"] for t in i["talks"]] for i in json.loads(site_json(entries))["items"]}
    assert talks["Mamba: Linear-Time Sequence Modeling with Selective State Spaces"] == ["first", "second"]
    assert talks["Chatbot Arena"] == ["second"]


def test_posts_without_a_url_stay_with_their_talk():
    one = _episode("one", [("heading", "Show Notes"), ("bullet", "First episode")], [])
    two = _episode("two", [("heading", "Show Notes"), ("bullet", "First episode")], [])
    assert [len(e.citations) for e in site_entries([one, two])] == [1, 1]


def test_the_site_page_grows_linearly_with_the_items():
    """Each talk shows at most a few moments per item on the site page, however often it is named."""

    def archive(talks: int) -> list[Episode]:
        episodes = []
        for n in range(talks):
            notes = [("heading", "Show Notes"), ("bullet", "Chatbot Arena"), ("bullet", f"Toolname{n}")]
            said = [f"Chatbot Arena and Toolname{n} again"] * 40
            episodes.append(_episode(f"talk-{n}", notes, said))
        return episodes

    small, large = archive(40), archive(80)
    small_page, large_page = site_page(site_entries(small), 40), site_page(site_entries(large), 80)
    assert len(large_page) / len(small_page) < 2.1
    soup = BeautifulSoup(large_page, "html.parser")
    for talk in soup.select("ul.rl-talks > li"):
        assert len(talk.select("a.rl-moment")) <= SITE_MOMENTS
    assert len(soup.select("li.rl-item")) == 81
    assert len(json.loads(site_json(site_entries(large)))["items"]) == 81


# ------------------------------------------------------------- the built site


_SPOKEN = [
    (name, heard)
    for name, spellings in (yaml.safe_load((ROOT / "input" / "spoken-names.yml").read_text(encoding="utf-8")) or {}).items()
    for heard in ([spellings] if isinstance(spellings, str) else spellings)
]


def _names_item(text: str, title: str) -> bool:
    """Tell whether a segment's text names the item: one of its short names, spaces and hyphens ignored."""
    folded = fold_name(text)
    parts = re.split(r"\s+and\s+|\s*/\s*|,\s+", re.sub(r"\s+on X$", "", short_name(title)))
    # People are named by their surname too ("Schluntz"), companies without their domain ("Lindy").
    parts += [re.sub(r"(\.ai|\.com|\.io| AI| Labs)$", "", p) for p in parts]
    parts += [p.split()[-1] for p in parts if len(p.split()) >= 2 and len(p.split()[-1]) >= 5]
    # Spellings that input/spoken-names.yml says speech-to-text gives the name ("SweetBench").
    parts += [heard for p in parts for name, heard in _SPOKEN if fold_name(name) == fold_name(p)]
    return any(fold_name(p) and (fold_name(p) in folded or fold_name(p).rstrip("s") in folded) for p in parts)


def _page(site_dir: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / "episodes" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_mention_link_lands_on_a_segment_that_names_the_item(bundled):
    config, site = bundled
    checked = 0
    pages = {e.slug: _page(config.site_dir, e.slug) for e in site.episodes}
    for slug, page in pages.items():
        for item in page.select("li.rl-item"):
            title = item.select_one(".rl-title").get_text()
            for link in item.select("a.rl-moment"):
                segment = page.find(id=link["href"].removeprefix("#"))
                # A transcript note (a line that is not speech, kept as an aside) is a moment of the talk too.
                assert segment is not None and ("seg" in segment["class"] or segment.name == "aside"), (slug, title, link["href"])
                assert _names_item(segment.get_text(" "), title), (slug, title, link["href"])
                checked += 1
    assert checked > 200
    site_page_html = BeautifulSoup((config.site_dir / "reading-list" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for item in site_page_html.select("li.rl-item"):
        title = item.select_one(".rl-title").get_text()
        for link in item.select("a.rl-moment"):
            slug, anchor = re.fullmatch(r"\.\./episodes/([^/]+)/#(.+)", link["href"]).groups()
            segment = pages[slug].find(id=anchor)
            assert segment is not None and _names_item(segment.get_text(" "), title), (title, link["href"])


def test_items_cited_by_several_talks_are_merged_on_the_site(bundled):
    config, _ = bundled
    data = json.loads((config.site_dir / "reading-list.json").read_text(encoding="utf-8"))
    talks = {item["title"]: sorted(t["episode"] for t in item["talks"]) for item in data["items"]}
    assert Counter(item["title"] for item in data["items"])["Moondream"] == 1
    assert talks["Moondream"] == ["2024-in-synthetic-data-and-smol-models-ls-live-neurips", "2024-in-vision-ls-live-neurips"]
    assert talks["SWE-Bench"] == [
        "2024-in-agents-ls-live-neurips-2024",
        "language-agents-from-reasoning-to-acting",
        "the-new-claude-3-5-sonnet-and-computer-use",
    ]
    # "TauBench" and "Tau Bench" are one benchmark; the entry takes the longer spelling.
    assert talks["Tau Bench"] == ["language-agents-from-reasoning-to-acting", "the-new-claude-3-5-sonnet-and-computer-use"]
    assert "TauBench" not in talks


def test_each_talk_has_its_json_and_section(bundled):
    config, site = bundled
    for episode in site.episodes:
        data = json.loads((config.site_dir / "episodes" / episode.slug / "reading-list.json").read_text(encoding="utf-8"))
        assert data["episode"] == episode.slug
        assert [i["title"] for i in data["items"]] == [i.title for i in episode.reading]
        section = _page(config.site_dir, episode.slug).select("li.rl-item")
        assert len(section) == len(episode.reading)
        for item, entry in zip(episode.reading, data["items"]):
            assert [m["anchor"] for m in entry["mentions"]] == [m.anchor for m in item.mentions]


def test_links_are_the_inputs_and_searches_say_so(bundled):
    config, site = bundled
    for episode in site.episodes:
        page = _page(config.site_dir, episode.slug)
        for li, item in zip(page.select("li.rl-item"), episode.reading):
            title = li.select_one(".rl-title")
            search = li.select_one("a.rl-search")
            if item.url:
                assert title.name == "a" and title["href"] == item.url and search is None
            elif item.kind == "person" and " " not in item.title:
                # A first name alone ("Eric") has nothing a search could find.
                assert title.name == "span" and search is None
            else:
                assert title.name == "span" and search.get_text().startswith("search ")


@pytest.mark.parametrize("slug", ["2024-in-post-transformers-architectures-state-space-models"])
def test_summaries_are_collapsed(bundled, slug):
    config, _ = bundled
    details = _page(config.site_dir, slug).select("li.rl-item details.rl-summary")
    assert len(details) == 5 and all(not d.has_attr("open") for d in details)


def test_scraped_text_stays_text():
    episode = _episode(
        "hostile",
        [("heading", "Show Notes"), ("bullet", "<img src=x onerror=alert(1)> Tool"), ("bullet", "{{ jinja }} [a](javascript:x)")],
        ["We used <img src=x onerror=alert(1)> Tool here."],
    )
    html = reading_section(episode) + site_page(site_entries([episode]), 1)
    assert "<img" not in html and "&lt;img" in html
    assert 'href="javascript' not in html

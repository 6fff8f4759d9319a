"""Saved HTML pages read into the same episodes as the text dump: a listing page and one post page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Config
from generator.profiles import load_profile
from generator.pipeline import load_site
from generator.sources.html import read_page, split_page

FIXTURES = Path(__file__).parent / "fixtures"
LISTING = FIXTURES / "listing-page.html"
POST = FIXTURES / "post-page.html"


def passthrough(text: str):
    return text, ()


@pytest.fixture(scope="module")
def from_dump():
    return {e.slug: e for e in load_site(Config()).episodes}


def load(path: Path, **changes):
    return load_site(replace(Config(), inputs=(path,), **changes))


def same_episode(html_episode, dump_episode) -> None:
    """Compare what a reader sees: identity, chapters, segments, speakers, notes text."""
    assert html_episode.slug == dump_episode.slug
    assert html_episode.title == dump_episode.title
    assert html_episode.date == dump_episode.date
    assert [(c.start, c.title) for c in html_episode.chapters] == [(c.start, c.title) for c in dump_episode.chapters]
    words = lambda text: " ".join(text.split())  # noqa: E731 - HTML white space is not significant
    assert [(s.start, s.speaker, words(s.text)) for s in html_episode.segments] == [
        (s.start, s.speaker, words(s.text)) for s in dump_episode.segments
    ]
    assert [(s.name, s.segments) for s in html_episode.speakers] == [(s.name, s.segments) for s in dump_episode.speakers]
    assert [words(b.text) for b in html_episode.notes] == [words(b.text) for b in dump_episode.notes]


def test_the_listing_page_gives_the_dump_episodes(from_dump):
    site = load(LISTING)
    assert [e.slug for e in site.episodes] == [
        "2024-in-vision-ls-live-neurips",
        "the-state-of-ai-startups",
        "windsurf-the-enterprise-ai-ide",
        "generative-video-worldsim-icml-2024-part-1",
    ]
    for episode in site.episodes:
        same_episode(episode, from_dump[episode.slug])
    assert sum(len(e.segments) for e in site.episodes) == 153
    assert site.errors == []


def test_the_post_page_gives_the_dump_episode_with_its_transcript(from_dump):
    site = load(POST)
    (episode,) = site.episodes
    same_episode(episode, from_dump["building-the-silicon-brain-with-drew-houston-of-dropbox"])
    assert len(episode.chapters) == 19 and len(episode.segments) == 68
    assert [s.name for s in episode.speakers] == ["Drew", "Alessio"]


def test_page_chrome_is_reported_not_rendered():
    site = load(LISTING)
    texts = " ".join(b.text for e in site.episodes for b in e.notes)
    for chrome in ("Afleveringen", "Laat meer zien", "Zijn er afleveringen die ontbreken?", "Get full access", "Ontdekken", "Podcasts luisteren"):
        assert chrome not in texts
    assert len(site.inputs[0].chrome) >= 8
    post = load(POST).episodes[0]
    notes = " ".join(b.text for b in post.notes)
    assert "Comments" not in notes and "How do you build an AI product" not in notes and "Sign in" not in notes


def test_links_in_notes_keep_their_urls():
    icml = {e.slug: e for e in load(LISTING).episodes}["generative-video-worldsim-icml-2024-part-1"]
    genie = next(b for b in icml.notes if b.text.startswith("Genie: Generative Interactive Environments"))
    assert genie.kind == "bullet"
    assert genie.url == "https://arxiv.org/abs/2402.15391"
    assert [(link.text, link.url) for link in genie.links] == [
        ("Genie: Generative Interactive Environments", "https://arxiv.org/abs/2402.15391"),
        ("oral", "https://icml.cc/virtual/2024/oral/35508"),
        ("poster", "https://icml.cc/virtual/2024/poster/34930"),
    ]
    for link in genie.links:
        assert link.text in genie.text
    startups = {e.slug: e for e in load(LISTING).episodes}["the-state-of-ai-startups"]
    video = next(b for b in startups.notes if b.text == "Full Video on YouTube")
    assert (video.kind, video.url) == ("link", "https://www.youtube.com/watch?v=f1zJpLwGEZc")
    slides = next(b for b in startups.notes if b.text == "Slides")
    assert slides.url == "https://x.com/saranormous/status/1866933642401886707"


def test_the_post_header_gives_title_and_date_when_metadata_has_none(tmp_path):
    metadata = tmp_path / "episodes.yml"
    metadata.write_text('episodes:\n  - match: "Drew Houston"\n    title:\n    date:\n    slug: drew\n', encoding="utf-8")
    (episode,) = load(POST, metadata=metadata).episodes
    assert episode.title == "Building the Silicon Brain - with Drew Houston of Dropbox"
    assert episode.date == "2024-10-18"
    assert not episode.title_derived


PAGE = """<!DOCTYPE html><html><body>
<nav><a href="/">Home</a></nav>
<article>
<header><h2>First</h2><time datetime="2025-01-02">2 Jan</time><p>By the hosts</p></header>
<p>We talk about <a href="https://example.org/a">one paper</a> and <a href="/relative">a page</a>.<br>A second line.</p>
<ul><li><p>Outer item</p><ul><li>Inner <b>item</b></li></ul></li><li></li></ul>
<p>-</p>
</article>
<article><p>Only a line</p><p>Get full access to Latent Space at <a href="https://www.latent.space/subscribe">www.latent.space/subscribe</a></p></article>
<article><footer>Share</footer></article>
</body></html>"""


def test_articles_blocks_and_lists_become_lines():
    page = read_page(PAGE, "p.html", passthrough)
    split, episodes = split_page(page, load_profile("latent-space-app"), "p.html")
    assert len(split.episodes) == 2, "an article with nothing but a footer is no episode"
    first, second = split.episodes
    assert [line.text for line in first.lines] == [
        "We talk about one paper and a page.",
        "A second line.",
        "* Outer item",
        "* Inner item",
    ]
    assert first.truncated and not second.truncated
    assert episodes[0].title == "First" and episodes[0].date == "2025-01-02"
    assert [(link.text, link.url) for link in episodes[0].texts[0].links] == [("one paper", "https://example.org/a")]
    assert [line.text for line in second.lines] == ["Only a line"]
    assert split.separators == 1


def test_a_page_without_articles_is_split_like_a_dump():
    html = "<html><body><p>First episode notes, long enough to be one.</p><p>Get full access to Latent Space at www.latent.space/subscribe -</p><p>Second episode notes here.</p><p>Get full access to Latent Space at www.latent.space/subscribe -</p></body></html>"
    split, episodes = split_page(read_page(html, "p.html", passthrough), load_profile("latent-space-app"), "p.html")
    assert [e.lines[0].text for e in split.episodes] == ["First episode notes, long enough to be one.", "Second episode notes here."]
    assert len(episodes) == 2


def test_line_numbers_point_into_the_html_source():
    page = read_page(LISTING.read_text(encoding="utf-8"), "listing.html", passthrough)
    source = LISTING.read_text(encoding="utf-8").split("\n")
    for text in page.episodes[0].texts[:40]:
        number = text.line.origin.line
        assert text.line.text.removeprefix("* ")[:20] in source[number - 1].replace("&amp;", "&"), (number, text.line.text)

"""The tags page and ``tags.json``: every speaker and series, with the talks each appears in.

Generated from the model, so any engine builds it as a plain page. Its ids and
markup are the ones the site had from Material's tags plugin (``tag:<slug>``
sections holding a ``.md-tag`` name), so old links to a speaker's or series'
section still land: tags sorted by name, talks under each by title.
"""

from __future__ import annotations

import json

from markupsafe import escape

from ..model import Episode
from .markdown import tag_anchor, tag_name
from .text import front_matter, html_attr, html_text, plain

INTRO = (
    "Each speaker and series, with the talks they appear in. A speaker's own page\n"
    "(under [Speakers](speakers/index.md)) adds how long they talk in each."
)


def episode_tags(episode: Episode) -> list[str]:
    """An episode's tags: its named speakers, then its series, each once."""
    tags = [tag_name(s.name) for s in episode.speakers if not s.generic]
    if episode.series:
        tags.append(tag_name(episode.series))
    return list(dict.fromkeys(tags))


def _by_slug(episodes: list[Episode]) -> list[Episode]:
    """Talks in the order of their files (by slug), as the listing has always read them."""
    return sorted(episodes, key=lambda e: e.slug)


def tags_page(episodes: list[Episode]) -> str:
    """The Markdown page under ``tags/``: a section per tag, each a list of links to its talks."""
    members: dict[str, list[Episode]] = {}
    for episode in _by_slug(episodes):
        for tag in episode_tags(episode):
            members.setdefault(tag, []).append(episode)
    sections = []
    for tag in sorted(members):
        links = "".join(
            f'<li><a href="../episodes/{html_attr(e.slug)}/">{html_text(e.title)}</a></li>'
            for e in sorted(members[tag], key=lambda e: plain(e.title))
        )
        # A Markdown heading, so the table of contents lists the tag; the list is plain HTML.
        sections += [f'## <span class="md-tag">{html_text(tag)}</span> {{ #{tag_anchor(tag)} }}', "", f"<ul>{links}</ul>", ""]
    head = front_matter(
        {"title": "Speakers and series", "description": "Every speaker and series, with the talks each appears in.", "hide": ["toc"]}
    )
    return "\n".join([head, "", "# Speakers and series", "", INTRO, "", *sections])


def tags_json(episodes: list[Episode]) -> str:
    """``tags.json``: each talk's page and title with its tags, in file order."""
    mappings = [
        {
            "item": {"url": f"episodes/{e.slug}/", "title": str(escape(plain(e.title)))},
            "tags": sorted(episode_tags(e)),
        }
        for e in _by_slug(episodes)
        if episode_tags(e)
    ]
    return json.dumps({"mappings": mappings}, ensure_ascii=False)

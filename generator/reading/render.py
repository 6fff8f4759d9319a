"""Render reading lists: the talk page's section, the site-wide page, and their JSON.

A URL is shown only where the input gave one. Elsewhere an item gets a search
link that says it is a search ("search arXiv"), never a guessed address.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from urllib.parse import quote_plus

from ..identity import slugify
from ..model import LOST, Episode, Mention, ReadingItem
from ..render.exports import to_json
from ..render.fence import html_fence
from ..render.text import html_attr, html_text, plain, safe_url
from ..timecode import short
from .extract import fold_name
from .match import KIND_RANK, _fold_items, item_key

KINDS = ("paper", "model", "tool", "talk", "person", "link")
KIND_LABELS = {"paper": "Paper", "model": "Model", "tool": "Tool", "talk": "Talk", "person": "Person", "link": "Link"}
KIND_HEADINGS = {
    "paper": "Papers",
    "model": "Models",
    "tool": "Tools, datasets and companies",
    "talk": "Talks and episodes",
    "person": "People",
    "link": "Posts and other links",
}
#: The site-wide page's section id per kind (``/reading-list/#papers``).
KIND_ANCHORS = {"paper": "papers", "model": "models", "tool": "tools", "talk": "talks", "person": "people", "link": "links"}
#: Where to search for an item the notes give no URL for, per kind: label and query URL.
SEARCHES = {
    "paper": ("search arXiv", "https://arxiv.org/search/?searchtype=title&query={query}"),
    "model": ("search Hugging Face", "https://huggingface.co/models?search={query}"),
    "talk": ("search YouTube", "https://www.youtube.com/results?search_query={query}"),
}
WEB_SEARCH = ("search the web", "https://duckduckgo.com/?q={query}")
#: Moments listed per item on a talk page before the rest fold away.
PAGE_MOMENTS = 6
#: Moments listed per talk on the site-wide page: the page stays linear in its items.
SITE_MOMENTS = 3


def search_link(item: ReadingItem) -> tuple[str, str] | None:
    """A labelled search for the item: arXiv for papers, Hugging Face for models, the web otherwise.

    A person known by a first name only ("Eric") gets none: no search would find them.
    """
    query = plain(item.title.replace(LOST, " "))
    if item.kind == "person" and len(query.split()) < 2:
        return None
    label, template = SEARCHES.get(item.kind, WEB_SEARCH)
    return label, template.format(query=quote_plus(query))


def _title_html(item: ReadingItem) -> str:
    """The item's title, linked when the notes gave a URL, then a labelled search when they did not."""
    url = safe_url(item.url)
    title = html_text(item.title)
    if url:
        return f'<a class="rl-title" href="{html_attr(url)}">{title}</a>'
    search = search_link(item)
    if search is None:
        return f'<span class="rl-title">{title}</span>'
    label, search_url = search
    return (
        f'<span class="rl-title">{title}</span> '
        f'<a class="rl-search" href="{html_attr(search_url)}" rel="nofollow noopener">{html_text(label)}</a>'
    )


def _summary_html(summary: str) -> str:
    if not summary:
        return ""
    return f'<details class="rl-summary"><summary><span>Summary</span></summary><p>{html_text(summary)}</p></details>'


def _moment_html(mention: Mention, prefix: str) -> str:
    return (
        f'<a class="rl-moment" href="{prefix}#{html_attr(mention.anchor)}" title="{html_attr(mention.snippet)}">'
        f"{short(mention.seconds)}</a>"
    )


def _moments_html(mentions: tuple[Mention, ...], limit: int, prefix: str = "", more_url: str = "") -> str:
    """Small time links to the moments an item comes up; past ``limit`` the rest fold away (or link on)."""
    if not mentions:
        return ""
    shown = " ".join(_moment_html(m, prefix) for m in mentions[:limit])
    rest = mentions[limit:]
    if rest and more_url:
        shown += f' <a class="rl-more" href="{more_url}">+{len(rest)} more</a>'
    elif rest:
        hidden = " ".join(_moment_html(m, prefix) for m in rest)
        shown += f' <details class="rl-more"><summary>+{len(rest)} more</summary>{hidden}</details>'
    # A <div>, not a <span>: the folded rest is a <details>, flow content that no phrasing element may hold.
    return f'<div class="rl-moments"><span class="rl-moments-label">Comes up at</span> {shown}</div>'


def _groups(items: tuple[ReadingItem, ...]) -> list[tuple[str | None, list[ReadingItem]]]:
    """Items by group, in the order the notes cite them; ungrouped items first."""
    groups: dict[str | None, list[ReadingItem]] = {None: []}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return [(name, members) for name, members in groups.items() if members]


def reading_section(episode: Episode) -> str:
    """The episode page's reading-list section (empty when the talk cites nothing)."""
    if not episode.reading:
        return ""
    discussed = sum(1 for i in episode.reading if i.mentions)
    count = len(episode.reading)
    lede = f"{count} {'item' if count == 1 else 'items'} cited in the show notes"
    if episode.segments:
        lede += f", {discussed} of them named in the transcript"
    out = [
        '<div class="rl">',
        f'<p class="rl-lede">{lede}. '
        '<a href="../../reading-list/">Reading list of every talk</a> · '
        '<a href="reading-list.json" download>JSON</a></p>',
    ]
    for group, members in _groups(episode.reading):
        out.append('<section class="rl-group">')
        if group:
            out.append(f'<h3 class="rl-group-title">{html_text(group)}</h3>')
        out.append('<ul class="rl-items">')
        for item in members:
            out.append(
                f'<li class="rl-item" data-kind="{item.kind}">'
                f'<span class="rl-kind rl-kind-{item.kind}">{KIND_LABELS[item.kind]}</span> '
                + _title_html(item)
                + _summary_html(item.summary)
                + _moments_html(item.mentions, PAGE_MOMENTS)
                + "</li>"
            )
        out.append("</ul>")
        out.append("</section>")
    out.append("</div>")
    return "\n".join(["## Reading list", "", html_fence("\n".join(out)), ""])


# ---------------------------------------------------------------- site-wide


@dataclass(frozen=True)
class Citation:
    """One talk citing one item."""

    episode: Episode
    item: ReadingItem


@dataclass(frozen=True)
class Entry:
    """An item across the site: how it is best named, and every talk that cites it."""

    key: str
    anchor: str
    item: ReadingItem
    citations: tuple[Citation, ...]


def site_entries(episodes: list[Episode]) -> list[Entry]:
    """Merge the items of every talk: one entry per item, most-cited first within each kind.

    Posts and talks without a URL stay per talk: ``First episode`` in two
    talks names two different episodes.
    """
    cited: dict[str, list[Citation]] = {}
    for episode in episodes:
        for item in episode.reading:
            key = item_key(item)
            if item.kind in {"talk", "link"} and not item.url:
                key = f"{episode.slug}/{key}"
            cited.setdefault(key, []).append(Citation(episode, item))
    entries = []
    for key, citations in cited.items():
        items = [c.item for c in citations]
        best = _fold_items(items)
        kinds = Counter(i.kind for i in items)
        kind = min(kinds, key=lambda k: (-kinds[k], KIND_RANK[k]))
        entries.append(Entry(key, "", replace(best, kind=kind, group=None, mentions=()), tuple(citations)))
    entries.sort(key=lambda e: (KINDS.index(e.item.kind), -len(e.citations), fold_name(e.item.title)))
    # Item ids must not take a kind section's id.
    anchors: Counter = Counter(KIND_ANCHORS.values())
    named = []
    for entry in entries:
        base = slugify(entry.item.title) or "item"
        anchors[base] += 1
        named.append(replace(entry, anchor=base if anchors[base] == 1 else f"{base}-{anchors[base]}"))
    return named


def _mention_json(mention: Mention, prefix: str = "") -> dict[str, object]:
    return {
        "time": short(mention.seconds),
        "seconds": mention.seconds,
        "anchor": mention.anchor,
        "url": f"{prefix}#{mention.anchor}",
        "snippet": plain(mention.snippet),
    }


def _item_json(item: ReadingItem) -> dict[str, object]:
    search = None if safe_url(item.url) else search_link(item)
    return {
        "title": plain(item.title),
        "kind": item.kind,
        "url": safe_url(item.url),
        "search": {"label": search[0], "url": search[1]} if search else None,
    }


def episode_json(episode: Episode) -> str:
    """``episodes/<slug>/reading-list.json``: the talk's items with groups, sources and every mention."""
    items = []
    for item in episode.reading:
        entry = _item_json(item)
        entry["group"] = plain(item.group) if item.group else None
        entry["summary"] = plain(item.summary)
        entry["source"] = str(item.origin)
        entry["mentions"] = [_mention_json(m) for m in item.mentions]
        items.append(entry)
    return to_json({"episode": episode.slug, "title": plain(episode.title), "items": items})


def site_json(entries: list[Entry]) -> str:
    """``reading-list.json``: every item once, with each talk that cites it, what its notes say and its moments there."""
    items = []
    for entry in entries:
        data = _item_json(entry.item)
        data["id"] = entry.anchor
        data["talks"] = [
            {
                "episode": c.episode.slug,
                "title": plain(c.episode.title),
                "url": f"episodes/{c.episode.slug}/",
                "group": plain(c.item.group) if c.item.group else None,
                "summary": plain(c.item.summary),
                "mentions": [_mention_json(m, f"episodes/{c.episode.slug}/") for m in c.item.mentions],
            }
            for c in entry.citations
        ]
        items.append(data)
    return to_json({"items": items})


def _entry_html(entry: Entry) -> str:
    """One item of the site-wide page: its name and link, then each talk citing it with that talk's notes on it."""
    talks = []
    for citation in entry.citations:
        page = f"../episodes/{citation.episode.slug}/"
        cited = citation.item
        context = f' <span class="rl-context">{html_text(cited.group)}</span>' if cited.group else ""
        moments = _moments_html(cited.mentions, SITE_MOMENTS, page, f"{page}#reading-list")
        talks.append(
            f'<li><a href="{page}#reading-list">{html_text(citation.episode.title)}</a>{context}{moments}'
            f"{_summary_html(cited.summary)}</li>"
        )
    count = len(entry.citations)
    cited_by = f'<span class="rl-count">{count} talks</span>' if count > 1 else ""
    return (
        f'<li class="rl-item" id="{entry.anchor}" data-kind="{entry.item.kind}">'
        + _title_html(entry.item)
        + cited_by
        + f'<ul class="rl-talks">{"".join(talks)}</ul></li>'
    )


def site_page(entries: list[Entry], talks: int) -> str:
    """``/reading-list/``: every item once, by kind, each with the talks that cite it and the moments."""
    by_kind: dict[str, list[Entry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.item.kind, []).append(entry)
    shared = sum(1 for e in entries if len(e.citations) > 1)
    citing = len({c.episode.slug for e in entries for c in e.citations})
    nav = " ".join(
        f'<a class="rl-chip" href="#{KIND_ANCHORS[kind]}">{KIND_HEADINGS[kind]} <span>{len(by_kind[kind])}</span></a>'
        for kind in KINDS
        if kind in by_kind
    )
    out = [
        "---",
        'title: "Reading list"',
        f'description: "{len(entries)} papers, models, tools, people and talks cited across {talks} talks."',
        "---",
        "",
        "# Reading list",
        "",
        f'<p class="lede">{len(entries)} items cited by {citing} of {talks} talks; {shared} of them by more than one. '
        "Each links to the talks that cite it and the moments it comes up. "
        'Also as <a href="../reading-list.json" download>JSON</a>.</p>',
        "",
        f'<nav class="rl-kinds" aria-label="Kinds">{nav}</nav>',
        "",
    ]
    for kind in KINDS:
        if kind not in by_kind:
            continue
        out += [f"## {KIND_HEADINGS[kind]} {{ #{KIND_ANCHORS[kind]} }}", ""]
        out += [html_fence("\n".join(['<ul class="rl-items rl-site">', *map(_entry_html, by_kind[kind]), "</ul>"])), ""]
    return "\n".join(out)


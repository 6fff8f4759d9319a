"""Reading lists: what each talk cites, tied to the moments it comes up, per talk and across the site.

``parse/reading.py`` finds the items in the show notes. This stage folds the
items a talk cites twice into one, finds each item's mentions in the
transcript, and renders:

* the talk page's ``Reading list`` section, grouped as the notes group them;
* ``episodes/<slug>/reading-list.json`` beside each talk;
* ``reading-list/index.md`` and ``reading-list.json``: every item across the
  site, once, with every talk that cites it and the moments it comes up.

A mention is a segment that says one of the item's short names (spaces,
hyphens and case aside; a name that is also a word only with its capital): the
part of a title before its colon, each of several names, a company without its
domain ("Lindy" for ``Lindy.ai``), a person by a surname that is no common word.

A URL is shown only where the input gave one. Elsewhere an item gets a search
link that says it is a search ("search arXiv"), never a guessed address.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote_plus

from .identity import slugify
from .model import LOST, Episode, Mention, ReadingItem, Segment
from .parse.reading import ON_PROFILE, extract_reading, merge_key, normalise, short_name
from .render.exports import to_json
from .render.text import FENCE_CLOSE, HTML_FENCE_OPEN, html_attr, html_text, plain, safe_url
from .repair import wordcounts
from .timecode import short

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
SNIPPET_CHARS = 60
#: When two spellings of one item disagree on the kind, the more specific kind wins.
KIND_RANK = {kind: rank for rank, kind in enumerate(("paper", "model", "talk", "person", "tool", "link"))}


# ------------------------------------------------------------------ mentions


@dataclass(frozen=True)
class _Key:
    """One way a transcript can name an item: its folded letters, and how much of its case must match."""

    folded: str
    #: The name as written, when its case tells it from a word: all of it for a
    #: very short name ("E2B", "1X"), the capital for one word ("Cursor", "ReAct").
    cased: str = ""

    def case_matches(self, found: str) -> bool:
        """Tell whether the words found in the transcript are written as the name needs."""
        if not self.cased:
            return True
        letters = "".join(c for c in found if c.isalnum())
        if len(self.folded) <= 3:
            return letters == self.cased
        return letters[:1] == self.cased[:1]


def mention_keys(item: ReadingItem, heard: dict[str, tuple[str, ...]] | None = None) -> tuple[_Key, ...]:
    """The distinctive short names a transcript may use for an item.

    >>> [k.folded for k in mention_keys(ReadingItem("Mamba: Linear-Time Sequence Modeling", "paper", None))]
    ['mamba']
    >>> [k.folded for k in mention_keys(ReadingItem("SmolLM and SmolLM2", "model", None))]
    ['smollm', 'smollm2']

    ``heard`` maps a name, folded, to the spellings speech-to-text gives it (the
    spoken-names file); each is a key too, written with its capital as given.

    >>> [k.folded for k in mention_keys(ReadingItem("SWE-Bench", "tool", None), {"swebench": ("SweetBench",)})]
    ['swebench', 'sweetbench']
    """
    profile = ON_PROFILE.match(item.title)
    name = profile.group("name") if profile else short_name(item.title)
    words = name.split()
    if item.kind in {"talk", "link"} and len(words) < 2 and re.fullmatch(r"[A-Za-z][a-z]*", name):
        # A post called "Slides" would match every time someone says the word.
        return ()
    # "SmolLM and SmolLM2" names two models; "swyx live tweets and videos" is one post.
    named_several = item.kind not in {"talk", "link"} and len(words) <= 5
    parts = re.split(r"\s+and\s+|\s*/\s*|,\s+", name) if named_several else [name]
    keys = []
    for part in parts:
        folded = normalise(part)
        letters = "".join(c for c in part if c.isalnum())
        if len(folded) < 3 and not (len(folded) == 2 and any(c.isdigit() for c in folded)):
            continue
        # A name that could be a word ("Cursor", "SteP") is the item only where the
        # transcript writes it with its capital ("step back" is not SteP); a very
        # short name ("E2B", "1X") only where it is written exactly so.
        looks_like_a_word = re.fullmatch(r"[A-Z][a-z]+", part) or (len(folded) <= 5 and part[:1].isupper())
        cased = letters if len(folded) <= 3 or looks_like_a_word else ""
        keys.append(_Key(folded, cased))
        if len(folded) > 5 and folded.endswith("s") and not cased:
            # "Tree of Thoughts" is said "tree of thought" as often as not.
            keys.append(_Key(folded[:-1]))
        keys.extend(_spoken_keys(part, item.kind))
        for spelling in (heard or {}).get(folded, ()):
            keys.append(_Key(normalise(spelling), "".join(c for c in spelling if c.isalnum())))
    return tuple(dict.fromkeys(keys))


#: What a company's written name carries that nobody says: "Lindy.ai", "Fireworks AI".
_COMPANY_SUFFIX = re.compile(r"^(?P<stem>[A-Z][\w-]{3,})(?:\.(?:ai|com|io|dev|so|co)| AI| Labs| Inc\.?)$")
#: A surname said alone is the person only when it is no common word ("Carlini", not "Young"):
#: at most this many uses in the word counts the repair stage segments with.
_RARE_SURNAME = 3_000_000


def _spoken_keys(name: str, kind: str) -> list[_Key]:
    """The shorter ways people say a name: a company without its domain, a person by surname.

    Both must be written with their capital in the transcript.

    >>> [k.folded for k in _spoken_keys("Lindy.ai", "tool")], [k.folded for k in _spoken_keys("Fireworks AI", "tool")]
    (['lindy'], ['fireworks'])
    >>> [k.folded for k in _spoken_keys("Nicholas Carlini", "person")], _spoken_keys("Harrison Chase", "person")
    (['carlini'], [])
    """
    company = _COMPANY_SUFFIX.match(name)
    if company and kind not in {"person", "talk", "link"}:
        stem = company.group("stem")
        return [_Key(normalise(stem), "".join(c for c in stem if c.isalnum()))]
    words = name.split()
    if kind == "person" and len(words) >= 2 and re.fullmatch(r"[A-Z][a-z]{4,}", words[-1]):
        surname = words[-1]
        if int(wordcounts.unigrams().get(surname.lower(), 0)) <= _RARE_SURNAME:
            return [_Key(normalise(surname), surname)]
    return []


#: What may stand between the letters of one name as spoken: a space or a hyphen.
SPACING = " \t\n\r\x0b\x0c\u00a0\u2009\u202f-\u2010\u2011"
_SQUEEZE = str.maketrans("", "", SPACING)


@dataclass(frozen=True)
class Transcript:
    """A talk's segments squeezed for matching, one line each, to find each name in one pass.

    Each line is the segment's text lower-cased without spaces and hyphens, so
    that ``SWE bench``, ``SWE-Bench`` and ``Swebench`` all read ``swebench``.
    """

    segments: tuple[Segment, ...]
    squashed: str
    #: Where each segment's line starts in ``squashed``.
    starts: tuple[int, ...]


def _squash(text: str) -> str:
    lowered = text.lower()
    # Lower-casing keeps offsets for nearly every script; where it would not, match as written.
    return (lowered if len(lowered) == len(text) else text).translate(_SQUEEZE)


def transcript_of(segments: Iterable[Segment]) -> Transcript:
    """Squeeze the anchored segments' texts, one per line."""
    kept = tuple(s for s in segments if s.anchor)
    lines = [_squash(s.text) for s in kept]
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return Transcript(kept, "\n".join(lines), tuple(starts))


def _unsquash(text: str, position: int) -> int:
    """Where a position of a squeezed text stands in the text: past every space or hyphen before it.

    >>> _unsquash("SWE - bench", 3)
    6
    """
    found = position
    while True:
        spaced = found - position
        before = found - len(text[:found].translate(_SQUEEZE))
        if before == spaced and not (found < len(text) and text[found] in SPACING):
            return found
        found = position + max(before, spaced + 1)


def _bounded(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` is whole words: nothing alphanumeric touches it, bar a plural ``s``."""
    if start and text[start - 1].isalnum():
        return False
    after = text[end : end + 2]
    if after[:1] in {"s", "S"}:
        after = after[1:]
    return not after[:1].isalnum()


def _snippet(text: str, offset: int) -> str:
    """A few words either side of where the item is named."""
    start = max(0, offset - SNIPPET_CHARS)
    end = min(len(text), offset + SNIPPET_CHARS * 2)
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", offset, end) if text.rfind(" ", offset, end) > offset else end
    return ("\u2026" if start else "") + text[start:end].strip() + ("\u2026" if end < len(text) else "")


def find_mentions(
    item: ReadingItem, transcript: Transcript, heard: dict[str, tuple[str, ...]] | None = None
) -> tuple[Mention, ...]:
    """Every segment that names the item, in time order, each with the words around the first naming."""
    first: dict[int, int] = {}
    for key in mention_keys(item, heard):
        position = transcript.squashed.find(key.folded)
        while position != -1:
            index = bisect_right(transcript.starts, position) - 1
            text = transcript.segments[index].text
            local = position - transcript.starts[index]
            start = _unsquash(text, local)
            end = _unsquash(text, local + len(key.folded) - 1) + 1
            if _bounded(text, start, end) and key.case_matches(text[start:end]):
                first[index] = min(start, first.get(index, start))
            position = transcript.squashed.find(key.folded, position + 1)
    mentions = []
    for index in sorted(first):
        segment = transcript.segments[index]
        mentions.append(Mention(segment.anchor, segment.start, _snippet(segment.text, first[index])))
    return tuple(mentions)


# ------------------------------------------------------------------- per talk


def item_key(item: ReadingItem) -> str:
    """What makes two citations the same item: the work's folded short name; a post or talk is only itself."""
    if item.kind in {"talk", "link"}:
        return f"url:{item.url}" if item.url else f"title:{normalise(item.title)}"
    return merge_key(item.title) or normalise(item.title)


def fold_duplicates(items: Iterable[ReadingItem]) -> list[ReadingItem]:
    """Keep one item per key, in the order first cited, with the fullest title and the most specific kind.

    A talk's notes often name a paper twice (a heading with its link, then the
    show notes' ``ReAct Paper``); a reader wants it once.
    """
    groups: dict[str, list[ReadingItem]] = {}
    for item in items:
        # Within one talk the same name is the same thing, whatever kind each spelling suggests.
        groups.setdefault(merge_key(item.title) or normalise(item.title), []).append(item)
    return [_fold_items(same) for same in groups.values()]


def _fold_items(same: list[ReadingItem]) -> ReadingItem:
    first = same[0]
    if len(same) == 1:
        return first
    titled = [i for i in same if ": " in i.title] or same
    return replace(
        first,
        title=max(titled, key=lambda i: len(i.title)).title,
        kind=min((i.kind for i in same), key=KIND_RANK.__getitem__),
        url=next((i.url for i in same if i.url), None),
        summary=next((i.summary for i in same if i.summary), ""),
    )


def with_reading(episode: Episode, spoken_names: dict[str, tuple[str, ...]] | None = None) -> Episode:
    """Attach the episode's reading list (what its notes cite, and where the transcript discusses it).

    ``spoken_names`` maps names as the notes write them to the spellings heard in
    transcripts (``input/spoken-names.yml``).
    """
    heard = {normalise(name): spellings for name, spellings in (spoken_names or {}).items()}
    speakers = [s.name for s in episode.speakers if not s.generic]
    items = fold_duplicates(extract_reading(episode.notes, speakers))
    if not items or not episode.segments:
        return replace(episode, reading=tuple(items))
    transcript = transcript_of(episode.segments)
    return replace(episode, reading=tuple(replace(i, mentions=find_mentions(i, transcript, heard)) for i in items))


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
    return f'<span class="rl-moments"><span class="rl-moments-label">Comes up at</span> {shown}</span>'


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
        "## Reading list",
        "",
        HTML_FENCE_OPEN,
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
    out += ["</div>", FENCE_CLOSE, ""]
    return "\n".join(out)


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
    entries.sort(key=lambda e: (KINDS.index(e.item.kind), -len(e.citations), normalise(e.item.title)))
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
        out += [HTML_FENCE_OPEN, '<ul class="rl-items rl-site">']
        out += [_entry_html(e) for e in by_kind[kind]]
        out += ["</ul>", FENCE_CLOSE, ""]
    return "\n".join(out)

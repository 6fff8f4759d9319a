"""Read a stored feed (``input/feeds/<name>/``) into parsed episodes, offline.

``update`` writes, per feed::

    input/feeds/<name>/feed.xml                       the feed as fetched
    input/feeds/<name>/items/<id>/transcript.<ext>    the item's transcript (vtt, json, srt, html, txt)
    input/feeds/<name>/items/<id>/chapters.json       its Podcasting 2.0 chapters file
    input/feeds/<name>/items/<id>/page.html           its post page (``transcripts: post-page``)
    input/feeds/<name>/validators.json                ETag / Last-Modified per URL, for conditional requests
    input/feeds/<name>/history/<date>-<hash>.xml      an earlier feed.xml that held items the feed has since dropped

``<id>`` comes from the item's guid (:func:`~generator.sources.feed.item_id`).
Many feeds list only their latest episodes; an item that leaves the feed stays
on the site, read from the earlier copy of the feed kept in ``history/``.
Each item becomes a :class:`~generator.parse.Parsed` like a dump's episode:

* notes from the item's HTML notes, sanitised, read by the HTML reader (so
  every link keeps its URL) and parsed by the dump's parser (so a chapter list
  written in the notes is found); with ``post-page``, the stored page is read
  the same way, and its notes, chapters and transcript are used;
* the transcript from the stored transcript file, when there is one;
* chapters from the stored chapters file, else ``psc:chapters``, else the notes.

Nothing here touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..config import SourceProfile
from ..errors import InputError
from ..model import Line, Origin, RawEpisode, Warning_
from ..parse import Parsed, parse_episode, speakers_of
from .chapters import read_json_chapters
from .feed import Feed, FeedItem, read_feed
from .html import Repair, attach_links, read_page, split_page
from .read import decode_bytes, read_input
from .sanitise import sanitise_html
from .transcripts import PREFERENCE, SUFFIX, read_transcript

FEED_FILE = "feed.xml"
ITEMS = "items"
PAGE_FILE = "page.html"
CHAPTERS_FILE = "chapters.json"
VALIDATORS_FILE = "validators.json"
HISTORY = "history"


def transcript_files(folder: Path) -> list[Path]:
    """An item's stored transcripts, most preferred format first."""
    return [folder / f"transcript{SUFFIX[kind]}" for kind in PREFERENCE if (folder / f"transcript{SUFFIX[kind]}").exists()]


@dataclass(frozen=True)
class StoredFeed:
    """A stored feed read back: the feed, its items parsed, and what was found on the way."""

    name: str
    feed: Feed
    parsed: tuple[Parsed, ...]
    items: tuple[FeedItem, ...]
    warnings: tuple[Warning_, ...]
    bytes: int
    #: Lines of the stored feed.xml.
    lines: int = 0


def read_stored_feed(folder: Path, shown: str, transcripts: str, profile: SourceProfile, repair: Repair) -> StoredFeed:
    """Read ``folder`` (shown in messages as ``shown``); raise InputError when its feed cannot be used."""
    path = folder / FEED_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown}/{FEED_FILE}: cannot read ({exc.strerror}); run `python -m generator update`") from exc
    feed = read_feed(data, f"{shown}/{FEED_FILE}")
    warnings = list(feed.warnings)
    parsed: list[Parsed] = []
    items: list[tuple[FeedItem, str]] = [(item, f"{shown}/{FEED_FILE}") for item in feed.items]
    total = len(data)
    seen = {item.guid for item in feed.items}
    # Newest copy first: an item the feed dropped is read as the feed last listed it.
    for old in sorted((folder / HISTORY).glob("*.xml"), reverse=True):
        where = f"{shown}/{HISTORY}/{old.name}"
        earlier = read_feed(old.read_bytes(), where)
        dropped = [item for item in earlier.items if item.guid not in seen]
        items += [(replace(item, index=len(items) + n), where) for n, item in enumerate(dropped)]
        seen.update(item.guid for item in dropped)
    for item, where in items:
        episode, found, size = read_item(item, folder / ITEMS / item.id, f"{shown}/{ITEMS}/{item.id}", where, transcripts, profile, repair)
        parsed.append(episode)
        warnings += found
        total += size
    items_read = tuple(item for item, _ in items)
    return StoredFeed(folder.name, feed, tuple(parsed), items_read, tuple(warnings), total, data.count(b"\n") + 1)


def read_item(
    item: FeedItem,
    folder: Path,
    shown: str,
    feed_path: str,
    transcripts: str,
    profile: SourceProfile,
    repair: Repair,
) -> tuple[Parsed, list[Warning_], int]:
    """Parse one item from the feed and its stored files; return it, warnings, and bytes read."""
    label = f"{item.title!r} of {feed_path}"
    where = f"{feed_path}#{item.id}"
    warnings: list[Warning_] = []
    size = 0
    episode = _from_html(sanitise_html(item.notes_html), where, item, profile, repair, label)
    page_path = folder / PAGE_FILE
    if transcripts == "post-page" and page_path.exists():
        text, found = read_input(page_path)
        size += len(text)
        warnings += found
        from_page = _from_html(sanitise_html(text), f"{shown}/{PAGE_FILE}", item, profile, repair, label)
        if from_page.notes or from_page.segments or from_page.chapters:
            notes = from_page if from_page.notes else episode
            episode = replace(from_page, notes=notes.notes, raw=notes.raw if from_page.notes else from_page.raw)
    if transcripts == "feed":
        for file in transcript_files(folder):
            kind = next(k for k in PREFERENCE if file.suffix == SUFFIX[k])
            try:
                text, _ = decode_bytes(file.read_bytes(), f"{shown}/{file.name}")
                segments, found = read_transcript(text, kind, f"{shown}/{file.name}", label)
            except InputError as exc:
                warnings.append(Warning_(f"transcript not used: {exc}", Origin(f"{shown}/{file.name}", 0), item.title))
                continue
            size += len(text)
            warnings += found
            if len(segments) >= len(episode.segments):
                episode = replace(episode, segments=tuple(segments), speakers=tuple(speakers_of(segments)))
            break
    chapters_path = folder / CHAPTERS_FILE
    if chapters_path.exists():
        try:
            text, _ = decode_bytes(chapters_path.read_bytes(), f"{shown}/{CHAPTERS_FILE}")
            chapters = read_json_chapters(text, f"{shown}/{CHAPTERS_FILE}")
            size += len(text)
            if chapters:
                episode = replace(episode, chapters=tuple(chapters))
        except InputError as exc:
            warnings.append(Warning_(f"chapters not used: {exc}", Origin(f"{shown}/{CHAPTERS_FILE}", 0), item.title))
    if item.psc_chapters and not chapters_path.exists():
        episode = replace(episode, chapters=item.psc_chapters)
    kept = [w for w in episode.warnings if not w.message.startswith("no transcript in this episode")]
    if not episode.segments and transcripts != "none":
        kept.append(Warning_("no transcript stored for this item; its page says so", episode.origin, label))
    return replace(episode, warnings=tuple(kept)), warnings, size


def _from_html(html: str, where: str, item: FeedItem, profile: SourceProfile, repair: Repair, label: str) -> Parsed:
    """Parse HTML notes (or a post page) the way a saved page is parsed, links kept."""
    page = read_page(html if "<article" in html else f"<article>{html}</article>", where, repair)
    split, from_page = split_page(page, profile, where)
    if not split.episodes:
        title = Line(item.title or item.guid, Origin(where, 0))
        return Parsed(RawEpisode((title,), where, item.index), (), (), (), ())
    raw = replace(split.episodes[0], index=item.index)
    return attach_links(parse_episode(raw, profile, label), from_page[0])

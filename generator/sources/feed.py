"""Read a podcast feed: the channel and its items, with every Podcasting 2.0 tag we use.

* The bytes are decoded first (:func:`feed_bytes`): a feed whose declared
  encoding is wrong is read as what it really is, and said so.
* The XML is parsed with ``defusedxml``: a feed that declares entities (an
  entity-expansion bomb, an external entity) or is not well-formed is refused
  with its file and reason, before anything else reads it.
* ``feedparser`` reads the channel and items (RSS 0.9x/1.0/2.0, Atom): title,
  link, guid, date, enclosure, ``itunes:duration``, and the notes as HTML
  (``content:encoded``, else ``description``).
* The podcast namespace is read from the XML itself, because ``feedparser``
  keeps only one ``podcast:transcript`` of several: every
  ``podcast:transcript`` (url, type, language, rel), ``podcast:chapters``,
  ``podcast:person`` and ``podcast:soundbite``, under both namespace URIs the
  spec has used; and Podlove Simple Chapters (``psc:chapters``).

An item is known by its guid; without one, by its enclosure URL, link or title,
in that order (what stays the same when a feed is re-published).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from ..errors import InputError
from ..model import Audio, Chapter, Origin, Warning_
from ..sources.read import decode_bytes
from .chapters import npt_seconds

#: The podcast namespace URIs: the spec's own, and the GitHub address early feeds declared.
PODCAST_NS = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"
_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"'](?P<enc>[A-Za-z0-9._-]+)[\"']")


@dataclass(frozen=True)
class Attachment:
    """A file an item links to: a transcript or a chapters file."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass(frozen=True)
class Person:
    """A ``podcast:person``: who took part, in what role, and where to read about them."""

    name: str
    role: str = "host"
    group: str = "cast"
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class Soundbite:
    """A ``podcast:soundbite``: a moment the publisher points to."""

    start: float
    duration: float
    title: str = ""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as far as it concerns a talk page."""

    guid: str
    title: str
    index: int
    date: str | None = None
    link: str | None = None
    audio: Audio | None = None
    notes_html: str = ""
    transcripts: tuple[Attachment, ...] = ()
    chapters: Attachment | None = None
    psc_chapters: tuple[Chapter, ...] = ()
    persons: tuple[Person, ...] = ()
    soundbites: tuple[Soundbite, ...] = ()

    @property
    def id(self) -> str:
        """A short, stable name for the item's stored files, from its guid."""
        return item_id(self.guid)


@dataclass(frozen=True)
class Feed:
    """A feed's channel facts and items, in the feed's order."""

    title: str
    language: str | None
    items: tuple[FeedItem, ...]
    link: str | None = None
    warnings: tuple[Warning_, ...] = field(default=(), compare=False)


def item_id(guid: str) -> str:
    """Name an item's stored files by its guid: the same guid, the same name, on every machine.

    >>> item_id("https://example.org/?p=42")
    '96ec88b2d7d6'
    """
    return hashlib.sha256(guid.encode("utf-8")).hexdigest()[:12]


def feed_bytes(data: bytes, path: str) -> tuple[bytes, list[Warning_]]:
    """Return the feed as UTF-8 XML, decoded by what its bytes are, not only by what it declares.

    * Declared (or, without a declaration, assumed) UTF-8 that is not valid UTF-8
      is decoded line by line as the input reader does (UTF-8 where valid,
      Windows-1252 elsewhere), and reported.
    * A declared single-byte encoding (ISO-8859-1, Windows-1252, ...) over bytes
      that are valid UTF-8 and not plain ASCII is UTF-8 mislabelled: read as
      UTF-8, and reported.
    * An encoding Python does not know is refused.
    """
    declared = _DECLARATION.match(data)
    name = declared["enc"].decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError as exc:
        raise InputError(f"{path}:1: declares the unknown encoding {name!r}") from exc
    warnings: list[Warning_] = []
    if codec in ("utf-8", "utf-8-sig") or data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text, warnings = decode_bytes(data, path)
        if warnings:
            warnings = [Warning_(f"declares {name} but is not valid {name}; {w.message}", w.origin) for w in warnings]
    else:
        try:
            text = data.decode("utf-8")
            if text.isascii():
                text = data.decode(codec)
            else:
                warnings.append(Warning_(f"declares {name} but its bytes are UTF-8; read it as UTF-8", Origin(path, 1)))
        except UnicodeDecodeError:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {name}, the encoding it declares ({exc.reason})") from exc
    text = re.sub(r"^\ufeff?(\s*<\?xml[^>]*?encoding\s*=\s*)[\"'][^\"']*[\"']", r'\1"utf-8"', text, count=1)
    return text.encode("utf-8"), warnings


def read_feed(data: bytes, path: str) -> Feed:
    """Read a feed's bytes; raise InputError naming ``path`` when it cannot be used."""
    xml, warnings = feed_bytes(data, path)
    try:
        root = SafeET.fromstring(xml)
    except DefusedXmlException as exc:
        raise InputError(f"{path}: refused: the XML declares entities or a DTD ({type(exc).__name__}), "
                         "as entity-expansion bombs and external-entity attacks do") from exc
    except SafeET.ParseError as exc:
        raise InputError(f"{path}:{exc.position[0]}: not well-formed XML ({exc})") from exc
    parsed = feedparser.parse(xml, sanitize_html=True, resolve_relative_uris=True)
    elements = [e for e in root.iter() if e.tag in ("item", f"{{{ATOM_NS}}}entry", "{http://purl.org/rss/1.0/}item")]
    if not parsed.entries and not elements and root.tag not in ("rss", f"{{{ATOM_NS}}}feed", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        raise InputError(f"{path}: not an RSS or Atom feed (its root element is <{root.tag}>)")
    if len(elements) != len(parsed.entries):
        raise InputError(f"{path}: found {len(elements)} item elements but the feed parser read {len(parsed.entries)}")
    channel = root.find("channel")
    channel_people = _persons(channel) if channel is not None else ()
    items = []
    seen: dict[str, int] = {}
    for index, (entry, element) in enumerate(zip(parsed.entries, elements)):
        item = _item(entry, element, index, path, channel_people)
        if item.guid in seen:
            warnings.append(Warning_(f"items {seen[item.guid] + 1} and {index + 1} share the guid {item.guid!r}; kept the first", Origin(path, 0)))
            continue
        seen[item.guid] = index
        items.append(item)
    info = parsed.feed
    return Feed(
        title=_clean(info.get("title", "")),
        language=(info.get("language") or None),
        items=tuple(items),
        link=info.get("link"),
        warnings=tuple(warnings),
    )


def _item(entry, element, index: int, path: str, channel_people: tuple[Person, ...]) -> FeedItem:
    audio = _audio(entry)
    title = _clean(entry.get("title", ""))
    guid = (entry.get("id") or (audio.url if audio else None) or entry.get("link") or title).strip()
    if not guid:
        raise InputError(f"{path}: item {index + 1} has no guid, enclosure, link or title to know it by")
    contents = [c.get("value", "") for c in entry.get("content", []) if "html" in c.get("type", "html")]
    notes = max(contents, key=len) if contents else entry.get("summary", "")
    where = f"{path}#{item_id(guid)}"
    return FeedItem(
        guid=guid,
        title=title,
        index=index,
        date=_date(entry),
        link=entry.get("link"),
        audio=audio,
        notes_html=notes,
        transcripts=tuple(
            Attachment(e.get("url", "").strip(), e.get("type", "").strip(), e.get("language") or None, e.get("rel") or None)
            for e in _podcast(element, "transcript")
            if e.get("url")
        ),
        chapters=next(
            (Attachment(e.get("url", "").strip(), e.get("type", "").strip()) for e in _podcast(element, "chapters") if e.get("url")),
            None,
        ),
        psc_chapters=_psc(element, where),
        persons=_persons(element) or channel_people,
        soundbites=tuple(_soundbites(element)),
    )


def _podcast(element, name: str) -> list:
    """The element's children named ``podcast:<name>`` under either namespace URI."""
    return [child for child in element if child.tag in {f"{{{ns}}}{name}" for ns in PODCAST_NS}]


def _persons(element) -> tuple[Person, ...]:
    people = []
    for e in _podcast(element, "person"):
        name = " ".join((e.text or "").split())
        if name:
            people.append(Person(name, (e.get("role") or "host").lower(), (e.get("group") or "cast").lower(), e.get("href"), e.get("img")))
    return tuple(people)


def _soundbites(element) -> list[Soundbite]:
    bites = []
    for e in _podcast(element, "soundbite"):
        try:
            bites.append(Soundbite(float(e.get("startTime", "")), float(e.get("duration", "")), " ".join((e.text or "").split())))
        except ValueError:
            continue
    return bites


def _psc(element, where: str) -> tuple[Chapter, ...]:
    chapters = []
    for block in element.findall(f"{{{PSC_NS}}}chapters"):
        for number, e in enumerate(block.findall(f"{{{PSC_NS}}}chapter"), 1):
            start = npt_seconds(e.get("start", ""))
            title = " ".join((e.get("title") or "").split())
            if start is not None and title:
                chapters.append(Chapter(start=start, title=title, origin=Origin(where, number)))
    return tuple(sorted(chapters, key=lambda c: c.start))


def _audio(entry) -> Audio | None:
    enclosures = [e for e in entry.get("enclosures", []) if e.get("href")]
    media = [e for e in enclosures if e.get("type", "").startswith(("audio/", "video/"))] or enclosures
    if not media:
        return None
    chosen = media[0]
    length = str(chosen.get("length") or "").strip()
    return Audio(
        url=chosen["href"].strip(),
        type=chosen.get("type") or "audio/mpeg",
        length=int(length) if length.isdigit() and int(length) > 0 else None,
        duration=duration_seconds(entry.get("itunes_duration", "")),
    )


def duration_seconds(text: str) -> float | None:
    """Seconds of an ``itunes:duration``: ``HH:MM:SS``, ``MM:SS`` or seconds.

    >>> duration_seconds("1:02:03"), duration_seconds("62:03"), duration_seconds("3723"), duration_seconds("soon")
    (3723.0, 3723.0, 3723.0, None)
    """
    parts = str(text or "").strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if not 1 <= len(numbers) <= 3 or any(n < 0 for n in numbers):
        return None
    total = 0.0
    for n in numbers:
        total = total * 60 + n
    return total


def _date(entry) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    # feedparser gives the time in UTC; the date a listener sees is the feed's own day.
    return dt.date(*stamp[:3]).isoformat()


def _clean(text: str) -> str:
    return " ".join(str(text).split())

"""Site-wide pages and files: home, speakers, catalog, feed, repair report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from ..model import Episode
from ..timecode import human, parse_time, short, unique_name
from .exports import to_json
from .markdown import long_date, person_slug, summary
from .fence import html_fence
from .text import front_matter, html_attr, html_text, md_text, plain
from .transcript import speaker_colour
from .visuals import share_bar

#: Speakers named on a home-page card; the rest are counted.
CARD_SPEAKERS = 5
#: Latest talks listed under each person on the speakers page.
PERSON_TALKS_SHOWN = 3


def episode_url(episode: Episode) -> str:
    return f"episodes/{episode.slug}/"


def catalog(episodes: list[Episode]) -> str:
    """``episodes.json``: the machine-readable list of every episode, newest first."""
    return to_json(
        [
            {
                "slug": e.slug,
                "title": plain(e.title),
                "date": e.date,
                "url": episode_url(e),
                "duration_seconds": e.duration,
                "speakers": [plain(s.name) for s in e.speakers],
                "chapter_count": len(e.chapters),
                "segment_count": len(e.segments),
                "has_transcript": e.has_transcript,
                "series": e.series,
            }
            for e in episodes
        ]
    )


def _card(episode: Episode, prefix: str) -> str:
    """One talk on the home page: series, title, facts, speakers and a one-sentence summary."""
    people = [s.name for s in episode.speakers if not s.generic]
    shown = ", ".join(html_text(name) for name in people[:CARD_SPEAKERS])
    if len(people) > CARD_SPEAKERS:
        shown += f" and {len(people) - CARD_SPEAKERS} more"
    facts = [
        f'<time datetime="{html_attr(episode.date)}">{long_date(episode.date)}</time>' if episode.date else "Date unknown"
    ]
    if episode.duration:
        facts.append(human(episode.duration))
    if episode.chapters:
        facts.append(f"{len(episode.chapters)} chapter{'s' if len(episode.chapters) != 1 else ''}")
    facts.append(
        '<span class="badge">Transcript</span>' if episode.has_transcript else '<span class="badge badge-none">No transcript</span>'
    )
    series = f' data-series="{html_attr(episode.series)}"' if episode.series else ""
    return (
        f'<article class="talk-card"{series}>'
        + (f'<p class="talk-card-series">{html_text(episode.series)}</p>' if episode.series else "")
        + f'<h2><a href="{prefix}{episode_url(episode)}">{html_text(episode.title)}</a></h2>'
        f'<p class="talk-card-facts">{"".join(f"<span>{fact}</span>" for fact in facts)}</p>'
        + (f'<p class="talk-card-people">With {shown}</p>' if people else "")
        + f'<p class="talk-card-summary">{html_text(summary(episode))}</p>'
        "</article>"
    )


def home(episodes: list[Episode], site_name: str) -> str:
    """The home page: every talk, newest first, with a filter by series (wired by talks.js)."""
    series = Counter(e.series for e in episodes if e.series)
    chips = "".join(
        f'<button type="button" class="series-chip" data-series="{html_attr(name)}" aria-pressed="false">'
        f"{html_text(name)} <span>{count}</span></button>"
        for name, count in sorted(series.items())
    )
    cards = "\n".join(_card(e, "") for e in episodes)
    talks = len(episodes)
    transcripts = sum(1 for e in episodes if e.has_transcript)
    hours = sum(e.duration or 0 for e in episodes) / 3600
    description = f"{talks} talks with chapters, transcripts and reading lists."
    lines = [
        front_matter({"title": site_name, "description": description, "hide": ["navigation", "toc"]}),
        "",
        "# Talks",
        "",
        f'<p class="lede">{talks} talks, {transcripts} with full transcripts, {hours:.0f} hours in all. '
        "Open a talk to skim its chapters, read the transcript, follow what it cites, "
        "or link to an exact moment.</p>",
        "",
    ]
    if series:
        lines += [
            '<div class="series-filter" role="group" aria-label="Show the talks of one series">'
            f'<button type="button" class="series-chip" data-series="" aria-pressed="true">All talks <span>{talks}</span></button>'
            f"{chips}</div>",
            '<p class="series-status" role="status" aria-live="polite"></p>',
            "",
        ]
    lines += [html_fence(f'<div class="talk-list">\n{cards}\n</div>'), ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Appearance:
    """One talk a person speaks in: how long, their share of it, and where they first speak."""

    episode: Episode
    seconds: int
    share: float
    first: str


@dataclass
class Person:
    """A speaker across the whole site."""

    name: str
    slug: str
    talks: list[Appearance] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        return sum(talk.seconds for talk in self.talks)


def people(episodes: list[Episode]) -> list[Person]:
    """Group speakers across episodes, case-insensitively; generic labels are not people.

    Each person's talks keep the order of ``episodes`` (newest first).
    """
    spellings: dict[str, Counter] = {}
    for episode in episodes:
        for speaker in episode.speakers:
            if not speaker.generic:
                spellings.setdefault(speaker.name.casefold(), Counter())[speaker.name] += speaker.segments
    persons: dict[str, Person] = {}
    used: set[str] = set()
    for key, counter in sorted(spellings.items()):
        name = max(counter.items(), key=lambda item: (item[1], item[0][:1].isupper(), item[0]))[0]
        persons[key] = Person(name, unique_name(person_slug(name), used))
    for episode in episodes:
        total = sum(s.seconds for s in episode.speakers) or 1
        first: dict[str, str] = {}
        for segment in episode.segments:
            if segment.speaker:
                first.setdefault(segment.speaker.casefold(), segment.anchor)
        for speaker in episode.speakers:
            if not speaker.generic:
                key = speaker.name.casefold()
                persons[key].talks.append(
                    Appearance(episode, speaker.seconds, 100 * speaker.seconds / total, first.get(key, ""))
                )
    return sorted(persons.values(), key=lambda p: (-len(p.talks), -p.seconds, p.name.casefold()))


def _talk_count(n: int) -> str:
    return f"{n} talk{'s' if n != 1 else ''}"


def speakers_index(persons: list[Person]) -> str:
    """Everyone who speaks, most talks first, with their talk time and latest talks."""
    most = max((p.seconds for p in persons), default=0) or 1
    rows = []
    for person in persons:
        colour = f"c{speaker_colour(person.name)}"
        latest = person.talks[:PERSON_TALKS_SHOWN]
        titles = "".join(
            f'<li><a href="../{episode_url(talk.episode)}">{html_text(talk.episode.title)}</a></li>' for talk in latest
        )
        more = len(person.talks) - len(latest)
        if more:
            titles += f'<li class="muted"><a href="{person.slug}/">and {more} more</a></li>'
        rows.append(
            f'<li class="person {colour}"><div class="person-head"><span class="dot" aria-hidden="true"></span>'
            f'<a class="name" href="{person.slug}/">{html_text(person.name)}</a>'
            f'<span class="person-stats">{_talk_count(len(person.talks))} · {human(person.seconds)}</span></div>'
            f"{share_bar(100 * person.seconds / most, colour)}"
            f'<ul class="person-talks">{titles}</ul></li>'
        )
    description = f"{len(persons)} people who speak in these talks, with their talks and talk time."
    return "\n".join(
        [
            front_matter({"title": "Speakers", "description": description, "hide": ["toc"]}),
            "",
            "# Speakers",
            "",
            f'<p class="lede">{len(persons)} people speak in these transcripts. Each has a page with all their talks; '
            "bars show talk time, longest first. Generic labels from the transcripts (“Speaker 9”) are not listed. "
            'Speakers and series are also on the <a href="../tags/">tags page</a>.</p>',
            "",
            html_fence("\n".join(['<ul class="people">', *rows, "</ul>"])),
            "",
        ]
    )


def speaker_page(person: Person) -> str:
    """A person's page: every talk they speak in, newest first, with their share and a link to their first words."""
    colour = f"c{speaker_colour(person.name)}"
    rows = []
    for talk in person.talks:
        episode = talk.episode
        url = f"../../{episode_url(episode)}"
        date = (
            f'<time datetime="{html_attr(episode.date)}">{long_date(episode.date)}</time>'
            if episode.date
            else "Date unknown"
        )
        first = (
            f' · <a href="{url}#{html_attr(talk.first)}">first words at {short(_seconds_of(talk.first))}</a>'
            if talk.first
            else ""
        )
        rows.append(
            f'<li class="{colour}"><a class="title" href="{url}">{html_text(episode.title)}</a>'
            f'<p class="muted">{date}{first}</p>'
            f"{share_bar(talk.share, colour)}"
            f'<p class="share">{human(talk.seconds)} · {round(talk.share)}% of the talk</p></li>'
        )
    n = len(person.talks)
    description = f"Talks with {plain(person.name)}: {_talk_count(n)}, {human(person.seconds)} of talk time."
    return "\n".join(
        [
            front_matter({"title": plain(person.name), "description": description}),
            "",
            f"# {md_text(person.name)}",
            "",
            f'<p class="lede person-lede {colour}"><span class="dot" aria-hidden="true"></span>'
            f"{_talk_count(n)}, {human(person.seconds)} of talk time in all. "
            f'<a href="../">All speakers</a></p>',
            "",
            f'<ol class="speaker-talks">{"".join(rows)}</ol>',
            "",
        ]
    )


def _seconds_of(anchor: str) -> int:
    """Seconds of a ``t=HH:MM:SS`` anchor (``-2`` suffixes ignored).

    >>> _seconds_of("t=00:14:13-2")
    853
    """
    return parse_time(anchor.removeprefix("t=").split("-")[0]) or 0


#: The Podcasting 2.0 namespace, in the form its reference feed declares. The spec
#: takes ``https://podcastindex.org/namespace/1.0`` and this one as equal; podcast
#: parsers such as podcastparser (gPodder) know only this one.
PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
#: A person speaking in at least this share of the feed's talks is one of its hosts; others are guests.
HOST_SHARE = 0.5


def _xml_attr(value: str) -> str:
    return xml_escape(value, {'"': "&quot;"})


def _hosts(episodes: list[Episode]) -> set[str]:
    """Who hosts the show: people who speak in at least ``HOST_SHARE`` of its talks (three at least)."""
    counts = Counter(
        name for e in episodes for name in {s.name.casefold() for s in e.speakers if not s.generic}
    )
    needed = max(3, HOST_SHARE * len(episodes))
    return {name for name, n in counts.items() if n >= needed}


def _listening(episode: Episode, page: str, base: str, hosts: set[str]) -> str:
    """What a podcast app needs of a talk with audio: the file, its length, transcripts, chapters, people."""
    audio = episode.audio
    parts = [
        f'<enclosure url="{_xml_attr(audio.url)}" length="{audio.length or 0}" type="{_xml_attr(audio.type)}"/>'
    ]
    duration = audio.duration or episode.duration
    if duration:
        parts.append(f"<itunes:duration>{round(duration)}</itunes:duration>")
    if episode.segments:
        # Parsers that keep one transcript keep the last: the timed captions.
        parts += [
            f'<podcast:transcript url="{_xml_attr(page)}" type="text/html" language="en"/>',
            f'<podcast:transcript url="{_xml_attr(page)}transcript.json" type="application/json" language="en"/>',
            f'<podcast:transcript url="{_xml_attr(page)}transcript.vtt" type="text/vtt" language="en" rel="captions"/>',
        ]
    if episode.chapters:
        parts.append(f'<podcast:chapters url="{_xml_attr(page)}chapters.json" type="application/json+chapters"/>')
    for speaker in episode.speakers:
        if not speaker.generic:
            role = "host" if speaker.name.casefold() in hosts else "guest"
            href = f"{base}speakers/{person_slug(speaker.name)}/"
            parts.append(
                f'<podcast:person role="{role}" href="{_xml_attr(href)}">{xml_escape(plain(speaker.name))}</podcast:person>'
            )
    return "".join(parts)


def feed(episodes: list[Episode], site_name: str, site_url: str, description: str) -> str:
    """An RSS 2.0 feed of all talks, newest first; a talk with audio is a podcast episode.

    A talk whose date is unknown has no ``pubDate`` (RSS makes it optional), rather than a made-up one.
    """
    base = site_url.rstrip("/") + "/"
    hosts = _hosts(episodes)
    items = []
    for episode in episodes:
        link = base + episode_url(episode)
        date = f"<pubDate>{_rfc822(episode.date)}</pubDate>" if episode.date else ""
        category = f"<category>{xml_escape(plain(episode.series))}</category>" if episode.series else ""
        guid = (
            f'<guid isPermaLink="false">{xml_escape(episode.guid)}</guid>'
            if episode.guid
            else f'<guid isPermaLink="true">{xml_escape(link)}</guid>'
        )
        items.append(
            "<item>"
            f"<title>{xml_escape(plain(episode.title))}</title>"
            f"<link>{xml_escape(link)}</link>"
            f"{guid}"
            f"{date}{category}"
            f"<description>{xml_escape(summary(episode))}</description>"
            + (_listening(episode, link, base, hosts) if episode.audio else "")
            + "</item>"
        )
    dates = sorted((e.date for e in episodes if e.date), reverse=True)
    # The newest talk's date, not the clock: the same input gives the same feed.
    built = f"<lastBuildDate>{_rfc822(dates[0])}</lastBuildDate>" if dates else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        f'xmlns:itunes="{ITUNES_NS}" xmlns:podcast="{PODCAST_NS}"><channel>'
        f"<title>{xml_escape(site_name)}</title>"
        f"<link>{xml_escape(base)}</link>"
        f"<description>{xml_escape(description)}</description>"
        "<language>en</language>"
        f"{built}"
        f'<atom:link href="{xml_escape(base)}feed.xml" rel="self" type="application/rss+xml"/>'
        + "".join(items)
        + "</channel></rss>\n"
    )


def _rfc822(iso: str) -> str:
    """An ISO date as RSS writes dates.

    >>> _rfc822("2024-12-25")
    'Wed, 25 Dec 2024 00:00:00 +0000'
    """
    return format_datetime(dt.datetime.fromisoformat(iso).replace(tzinfo=dt.timezone.utc))

"""Site-wide pages and files: home, speakers, catalog, feed, repair report."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from ..identity import slugify
from ..mdext.transcript import speaker_colour
from ..model import Episode
from ..timecode import human
from .exports import to_json
from .markdown import summary
from .text import html_attr, html_text, md_text, plain


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
    people = [s.name for s in episode.speakers if not s.generic][:6]
    facts = [html_text(episode.date) if episode.date else "Date unknown"]
    if episode.duration:
        facts.append(human(episode.duration))
    facts.append(f"{len(episode.chapters)} chapters")
    facts.append("transcript" if episode.has_transcript else "no transcript")
    series = f' data-series="{html_attr(episode.series)}"' if episode.series else ""
    return (
        f'<article class="talk-card"{series}>'
        f'<h3><a href="{prefix}{episode_url(episode)}">{html_text(episode.title)}</a></h3>'
        f'<p class="talk-card-facts">{" · ".join(facts)}</p>'
        + (f'<p class="talk-card-people">{html_text(", ".join(people))}</p>' if people else "")
        + f'<p class="talk-card-summary">{html_text(summary(episode))}</p>'
        "</article>"
    )


def home(episodes: list[Episode], site_name: str) -> str:
    """The home page: every talk, newest first, with a filter by series."""
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
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(site_name)}",
            f"description: {json.dumps(f'{talks} talks with chapters, transcripts and reading lists.')}",
            "hide: [navigation]",
            "---",
            "",
            "# Talks",
            "",
            f'<p class="lede">{talks} talks, {transcripts} with full transcripts, {hours:.0f} hours in all. '
            "Open a talk to skim its chapters, read the transcript, follow what it cites, "
            "or link to an exact moment.</p>",
            "",
            f'<div class="series-filter" role="group" aria-label="Filter by series">'
            f'<button type="button" class="series-chip" data-series="" aria-pressed="true">All <span>{talks}</span></button>'
            f"{chips}</div>",
            "",
            f'<div class="talk-list">\n{cards}\n</div>',
            "",
        ]
    )


@dataclass
class Person:
    """A speaker across the whole site."""

    name: str
    slug: str
    talks: list[tuple[Episode, int]] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        return sum(seconds for _, seconds in self.talks)


def people(episodes: list[Episode]) -> list[Person]:
    """Group speakers across episodes, case-insensitively; generic labels are not people."""
    spellings: dict[str, Counter] = {}
    for episode in episodes:
        for speaker in episode.speakers:
            if not speaker.generic:
                spellings.setdefault(speaker.name.casefold(), Counter())[speaker.name] += speaker.segments
    persons: dict[str, Person] = {}
    used: set[str] = set()
    for key, counter in sorted(spellings.items()):
        name = max(counter.items(), key=lambda item: (item[1], item[0][:1].isupper(), item[0]))[0]
        slug = slugify(name)
        while slug in used:
            slug += "-x"
        used.add(slug)
        persons[key] = Person(name, slug)
    for episode in episodes:
        for speaker in episode.speakers:
            if not speaker.generic:
                persons[speaker.name.casefold()].talks.append((episode, speaker.seconds))
    return sorted(persons.values(), key=lambda p: (-len(p.talks), -p.seconds, p.name.casefold()))


def speakers_index(persons: list[Person]) -> str:
    rows = []
    for person in persons:
        rows.append(
            f'<li class="c{speaker_colour(person.name)}"><a href="{person.slug}/">{html_text(person.name)}</a>'
            f' <span class="muted">{len(person.talks)} talk{"s" if len(person.talks) != 1 else ""}'
            f" · {human(person.seconds)} of talk time</span></li>"
        )
    return "\n".join(
        [
            "---",
            'title: "Speakers"',
            f"description: {json.dumps(f'{len(persons)} people who speak in these talks, with their talk time.')}",
            "---",
            "",
            "# Speakers",
            "",
            "Everyone who speaks in a transcript, with their talks and how long they talk. "
            "Generic labels from the transcripts (“Speaker 9”) are not listed.",
            "",
            '<ul class="people">',
            *rows,
            "</ul>",
            "",
        ]
    )


def speaker_page(person: Person) -> str:
    talks = sorted(person.talks, key=lambda item: item[0].date or "", reverse=True)
    rows = [
        f"- [{md_text(e.title)}](../episodes/{e.slug}/index.md) — {e.date or 'date unknown'}, "
        f"{human(seconds)} of talk time"
        for e, seconds in talks
    ]
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(plain(person.name))}",
            f"description: {json.dumps(f'Talks with {plain(person.name)}: {len(talks)} talks, {human(person.seconds)} of talk time.')}",
            "---",
            "",
            f"# {md_text(person.name)}",
            "",
            f"{len(talks)} talk{'s' if len(talks) != 1 else ''}, {human(person.seconds)} of talk time in all.",
            "",
            *rows,
            "",
        ]
    )


def feed(episodes: list[Episode], site_name: str, site_url: str, description: str) -> str:
    """An RSS 2.0 feed of all talks, newest first."""
    base = site_url.rstrip("/") + "/"
    items = []
    for episode in episodes:
        link = base + episode_url(episode)
        date = ""
        if episode.date:
            when = dt.datetime.fromisoformat(episode.date).replace(tzinfo=dt.timezone.utc)
            date = f"<pubDate>{format_datetime(when)}</pubDate>"
        items.append(
            "<item>"
            f"<title>{xml_escape(plain(episode.title))}</title>"
            f"<link>{xml_escape(link)}</link>"
            f'<guid isPermaLink="true">{xml_escape(link)}</guid>'
            f"{date}"
            f"<description>{xml_escape(summary(episode))}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{xml_escape(site_name)}</title>"
        f"<link>{xml_escape(base)}</link>"
        f"<description>{xml_escape(description)}</description>"
        f'<atom:link href="{xml_escape(base)}feed.xml" rel="self" type="application/rss+xml"/>'
        + "".join(items)
        + "</channel></rss>\n"
    )

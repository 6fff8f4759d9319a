"""Pictures built at render time from plain HTML and CSS: chapter timeline and talk-time bars.

Nothing here needs JavaScript or an image: widths are percentages or flex
weights written into the HTML, colours come from classes the stylesheet defines
for both colour schemes (``c0``..``c7`` for speakers, ``tl0``..``tl5`` for chapters).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Episode, Speaker
from ..timecode import human, short
from .text import html_attr, html_text
from .transcript import speaker_colour, speaker_colours

#: Speakers shown before the rest fold away under "more speakers".
SHOWN_SPEAKERS = 6


def episode_colours(episode: Episode) -> dict[str, int]:
    """Each speaker's colour on this talk's page: the one the transcript extension gives them (from every turn)."""
    return speaker_colours(s.speaker.strip() for s in episode.segments if s.speaker and s.speaker.strip())


def colour_class(name: str, colours: dict[str, int]) -> str:
    """The ``cN`` class of a speaker (site-wide colour when the talk's own map lacks them).

    >>> colour_class("Swyx", {"swyx": 3})
    'c3'
    """
    return f"c{colours.get(name.strip().casefold(), speaker_colour(name))}"


def chapter_timeline(episode: Episode) -> str:
    """A bar of the talk's chapters, each part as wide as the chapter is long and linked to it."""
    end = episode.duration or 0
    chapters = [c for c in episode.chapters if c.start <= end]
    if not chapters or end <= 0:
        return ""
    parts = []
    for i, chapter in enumerate(chapters):
        stop = chapters[i + 1].start if i + 1 < len(chapters) else end
        length = max(stop - chapter.start, 1)
        label = f"{short(chapter.start)} · {chapter.title}"
        parts.append(
            f'<a class="tl-part tl{i % 6}" style="flex-grow:{length}" href="#{chapter.link_id()}" '
            f'data-t="{chapter.start}" title="{html_attr(label)}" aria-label="{html_attr(label)}">'
            f'<span class="tl-label" aria-hidden="true">{html_text(chapter.title)}</span></a>'
        )
    return (
        f'<nav class="timeline" aria-label="Chapter timeline" data-duration="{end}">'
        f'<div class="tl-bar">{"".join(parts)}</div>'
        f'<div class="tl-scale" aria-hidden="true"><span>0:00</span>'
        f"<span>{len(chapters)} chapters</span><span>{short(end)}</span></div></nav>"
    )


def share_bar(percent: float, colour: str) -> str:
    """A thin bar filled to ``percent`` in a speaker's colour (decorative: the number is written beside it)."""
    width = min(max(percent, 1.0), 100.0)
    return f'<span class="bar {colour}" aria-hidden="true"><span style="width:{width:.1f}%"></span></span>'


def speaker_bars(
    episode: Episode, link: Callable[[Speaker], str | None] = lambda s: None, labelled_by: str = ""
) -> str:
    """Each speaker's share of talk time as a bar in their transcript colour, most talk time first.

    ``link`` gives a speaker's page (None for generic labels such as "Speaker 2").
    Past ``SHOWN_SPEAKERS`` the rest fold away, so a panel of twenty stays short.
    """
    colours = episode_colours(episode)
    total = sum(s.seconds for s in episode.speakers) or 1
    rows = []
    for speaker in sorted(episode.speakers, key=lambda s: -s.seconds):
        share = 100 * speaker.seconds / total
        colour = colour_class(speaker.name, colours)
        href = link(speaker)
        name = (
            f'<a class="name" href="{html_attr(href)}">{html_text(speaker.name)}</a>'
            if href
            else f'<span class="name">{html_text(speaker.name)}</span>'
        )
        rows.append(
            f'<li class="{colour}"><span class="dot" aria-hidden="true"></span>{name}'
            f"{share_bar(share, colour)}"
            f'<span class="share">{round(share)}%<span class="muted"> · {human(speaker.seconds)}</span></span></li>'
        )
    shown, rest = rows[:SHOWN_SPEAKERS], rows[SHOWN_SPEAKERS:]
    label = f' aria-labelledby="{html_attr(labelled_by)}"' if labelled_by else ' aria-label="Talk time per speaker"'
    html = f'<ul class="talk-time"{label}>' + "".join(shown) + "</ul>"
    if rest:
        html += (
            f'<details class="talk-time-more"><summary>{len(rest)} more speaker{"s" if len(rest) != 1 else ""}'
            f'</summary><ul class="talk-time">{"".join(rest)}</ul></details>'
        )
    return html

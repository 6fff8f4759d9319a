"""Pictures built at render time from plain HTML and CSS: chapter timeline and talk-time bars."""

from __future__ import annotations

from ..mdext.transcript import speaker_colour
from ..model import Episode
from ..timecode import chapter_id, human, short
from .text import html_attr, html_text


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
            f'<a class="tl-part tl{i % 6}" style="flex-grow:{length}" href="#{chapter_id(chapter.start)}" '
            f'title="{html_attr(label)}" aria-label="{html_attr(label)}"><span>{html_text(chapter.title)}</span></a>'
        )
    return (
        '<nav class="timeline" aria-label="Chapter timeline">'
        + "".join(parts)
        + f'</nav><div class="timeline-scale"><span>0:00</span><span>{short(end)}</span></div>'
    )


def speaker_bars(episode: Episode) -> str:
    """Each speaker's share of talk time as a bar, in the speaker's transcript colour."""
    total = sum(s.seconds for s in episode.speakers) or 1
    rows = []
    for speaker in episode.speakers:
        share = round(100 * speaker.seconds / total)
        rows.append(
            f'<li class="c{speaker_colour(speaker.name)}"><span class="name">{html_text(speaker.name)}</span>'
            f'<span class="bar" aria-hidden="true"><span style="width:{max(share, 1)}%"></span></span>'
            f'<span class="share">{share}% · {human(speaker.seconds)}</span></li>'
        )
    return '<ul class="talk-time" aria-label="Talk time per speaker">' + "".join(rows) + "</ul>"

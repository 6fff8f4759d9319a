"""Render an episode as a Markdown page: header, notes, chapters, reading list, transcript."""

from __future__ import annotations

import json

from ..mdext.transcript import FENCE_CLOSE, FENCE_OPEN, format_segment_line, speaker_colour
from ..model import Chapter, Episode, NoteBlock
from ..timecode import chapter_id, hms, human, short
from .text import html_attr, html_text, md_text, md_text_links, plain, safe_url
from .visuals import chapter_timeline, speaker_bars

WORDS_PER_MINUTE = 230


def summary(episode: Episode) -> str:
    """One sentence that says what the talk is about (for cards, descriptions and the feed)."""
    return plain(episode.summary) if episode.summary else f"Transcript and chapters of {plain(episode.title)}."


def reading_minutes(episode: Episode) -> int:
    words = sum(len(s.text.split()) for s in episode.segments) + sum(len(b.text.split()) for b in episode.notes)
    return max(1, round(words / WORDS_PER_MINUTE))


def front_matter(episode: Episode) -> str:
    """YAML front matter; values are JSON strings, which YAML reads literally."""
    tags = [s.name for s in episode.speakers if not s.generic] + ([episode.series] if episode.series else [])
    fields = {
        "title": plain(episode.title),
        "description": summary(episode),
        "date": episode.date,
        "slug": episode.slug,
        "tags": [plain(t) for t in tags],
    }
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def header(episode: Episode) -> str:
    """The talk's facts: date, duration, reading time, speakers with their share, downloads."""
    facts = []
    facts.append(f'<span class="fact">{html_text(episode.date) if episode.date else "Date unknown"}</span>')
    if episode.duration:
        facts.append(f'<span class="fact">{human(episode.duration)}</span>')
    facts.append(f'<span class="fact">{reading_minutes(episode)} min read</span>')
    if episode.chapters:
        facts.append(f'<span class="fact">{len(episode.chapters)} chapters</span>')
    if episode.series:
        facts.append(f'<span class="fact series">{html_text(episode.series)}</span>')
    if episode.truncated:
        facts.append('<span class="fact warn">Description cut short by the source page</span>')
    parts = [f'<div class="talk-facts">{" ".join(facts)}</div>']
    people = [s for s in episode.speakers]
    if people:
        parts.append(speaker_bars(episode))
    downloads = []
    if episode.chapters:
        downloads.append('<a href="chapters.json" download>Chapters (JSON)</a>')
    if episode.segments:
        downloads.append('<a href="transcript.json" download>Transcript (JSON)</a>')
        downloads.append('<a href="transcript.vtt" download>Transcript (WebVTT)</a>')
    downloads.append('<a href="reading-list.json" download>Reading list (JSON)</a>')
    parts.append(f'<div class="talk-downloads">Download: {" · ".join(downloads)}</div>')
    filters = "".join(
        f'<span data-pagefind-filter="speaker">{html_text(s.name)}</span>' for s in episode.speakers if not s.generic
    )
    if episode.series:
        filters += f'<span data-pagefind-filter="series">{html_text(episode.series)}</span>'
    if filters:
        parts.append(f'<div hidden>{filters}</div>')
    return '<div class="talk-header">\n' + "\n".join(parts) + "\n</div>"


def notes_markdown(notes: tuple[NoteBlock, ...]) -> str:
    out: list[str] = []
    in_list = False
    for block in notes:
        if block.kind == "bullet":
            out.append(f"- {md_text_links(block.text)}")
            in_list = True
            continue
        if in_list:
            out.append("")
            in_list = False
        if block.kind == "heading":
            out.append(f"### {md_text(block.text)}\n")
        elif block.kind == "link":
            url = safe_url(block.url)
            label = md_text(block.text)
            out.append(f"[{label}](<{url}>)\n" if url else f"{label}\n")
        else:
            out.append(md_text_links(block.text) + "\n")
    return "\n".join(out).strip() + "\n"


def chapters_markdown(episode: Episode) -> str:
    """The chapter list: each entry links to the chapter's heading in the transcript."""
    out = []
    for chapter in episode.chapters:
        label = f"{short(chapter.start)} · {md_text(chapter.title)}"
        out.append(f"1. [{label}](#{chapter_id(chapter.start)})" if episode.segments else f"1. {label}")
    return "\n".join(out) + "\n"


def _heading(chapter: Chapter) -> str:
    title = chapter.heading or chapter.title
    return f'### {md_text(title)} {{ #{chapter_id(chapter.start)} data-t="{chapter.start}" data-time="{short(chapter.start)}" }}'


def transcript_markdown(episode: Episode) -> str:
    """The transcript fence, with chapter headings before the first segment of each chapter."""
    lines = [FENCE_OPEN]
    chapters = list(episode.chapters)
    seen_ids: set[str] = set()
    for seg in episode.segments:
        while chapters and chapters[0].start <= seg.start:
            chapter = chapters.pop(0)
            if chapter_id(chapter.start) not in seen_ids:
                seen_ids.add(chapter_id(chapter.start))
                lines.append(_heading(chapter))
        lines.append(format_segment_line(seg))
    for chapter in chapters:
        if chapter_id(chapter.start) not in seen_ids:
            seen_ids.add(chapter_id(chapter.start))
            lines.append(_heading(chapter))
    lines.append(FENCE_CLOSE)
    return "\n".join(lines) + "\n"


def episode_markdown(episode: Episode, reading_section: str = "") -> str:
    """Render the whole page."""
    parts = [front_matter(episode), "", f"# {md_text(episode.title)}", "", header(episode), ""]
    if episode.chapters and episode.segments and episode.duration:
        parts += [chapter_timeline(episode), ""]
    if episode.notes:
        parts += ["## Show notes", "", notes_markdown(episode.notes)]
    if episode.chapters:
        parts += ["## Chapters", "", chapters_markdown(episode)]
    if reading_section:
        parts += [reading_section]
    if episode.segments:
        parts += ["## Transcript", "", transcript_markdown(episode)]
    else:
        parts += ['<p class="no-transcript">No transcript was published with this episode.</p>', ""]
    return "\n".join(parts)


__all__ = ["episode_markdown", "summary", "reading_minutes", "speaker_colour", "hms", "html_attr"]

"""Python-Markdown extension: transcript lines become anchored segments.

Inside a block fenced by ``::: transcript`` and ``:::`` each line of the form::

    [00:14:13] Speaker name: what they said
    [~00:17:53] Speaker name: an untimed line, placed after the last known time
    [00:00:29] : a line with no speaker

becomes a segment with the id ``t=00:14:13`` (``-2``, ``-3`` for a repeat of the
same second), a link to itself, the speaker in a stable colour, and the text in
paragraphs. Timestamps inside the text (``… Amazon Q [00:01:00] Devlo …``) become
anchors too. The text is literal: it is HTML-escaped and never passes through
Markdown's inline patterns, which also makes long transcripts fast to build.
Other lines (chapter headings, blank lines) stay Markdown.

Ids are handed out by the same allocator, in the same order, as the generator's
model, so exports, reading-list mentions and the page agree.
"""

from __future__ import annotations

import html
import re
import zlib
from collections import Counter
from collections.abc import Iterable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..model import LOST, Segment
from ..parse.transcript import split_marks
from ..timecode import AnchorAllocator, hms, short

FENCE_OPEN = "::: transcript"
FENCE_CLOSE = ":::"
HTML_FENCE_OPEN = "::: html"
LINE = re.compile(r"^\[(?P<approx>~?)(?P<time>\d{1,3}:\d\d:\d\d)\] (?P<speaker>[^:\n]*): ?(?P<text>.*)$")
SPEAKER_COLOURS = 8
#: Text longer than this is split into paragraphs of about this size.
PARAGRAPH_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LOST_HTML = '<span class="lost" role="img" aria-label="character lost in the scrape">\u25cc</span>'


def speaker_colour(name: str) -> int:
    """Return a colour index for a speaker, the same on every page.

    >>> speaker_colour("Swyx") == speaker_colour("swyx")
    True
    """
    return zlib.crc32(name.casefold().encode("utf-8")) % SPEAKER_COLOURS


def speaker_colours(turns: Iterable[str]) -> dict[str, int]:
    """Give the speakers of one talk colours that no two of its main speakers share.

    ``turns`` holds the speaker of every turn, in order. Speakers with more turns
    choose first (ties: who speaks first); each keeps its own colour
    (``speaker_colour``) unless it is taken, then gets the next free one; past
    eight speakers colours repeat. Keys are casefolded names.

    >>> speaker_colour("Flo") == speaker_colour("Swyx")
    True
    >>> colours = speaker_colours(["Swyx", "Flo", "flo"])
    >>> colours["flo"] == speaker_colour("Flo"), colours["swyx"] != colours["flo"], len(colours)
    (True, True, 2)
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for position, name in enumerate(turns):
        key = name.casefold()
        counts[key] += 1
        first.setdefault(key, position)
        spelling.setdefault(key, name)
    colours: dict[str, int] = {}
    for key in sorted(counts, key=lambda k: (-counts[k], first[k])):
        own = speaker_colour(spelling[key])
        taken = set(colours.values())
        free = [c % SPEAKER_COLOURS for c in range(own, own + SPEAKER_COLOURS) if c % SPEAKER_COLOURS not in taken]
        colours[key] = free[0] if free else own
    return colours


def fence_speakers(lines: Iterable[str]) -> list[str]:
    """The speaker of every transcript line inside fences, in order."""
    names: list[str] = []
    inside = False
    for line in lines:
        if line.strip() in (FENCE_OPEN, FENCE_CLOSE):
            inside = line.strip() == FENCE_OPEN
        elif inside and (match := LINE.match(line)) and match.group("speaker").strip():
            names.append(match.group("speaker").strip())
    return names


def format_segment_line(seg: Segment) -> str:
    """Write one segment as a transcript line of the Markdown page."""
    stamp = ("" if seg.timed else "~") + hms(seg.start)
    speaker = (seg.speaker or "").replace(":", "\u02d0").replace("\n", " ")
    text = _CONTROL.sub(" ", seg.text)
    for mark in reversed(seg.marks):
        before, after = text[: mark.offset], text[mark.offset :]
        text = f"{before}[{hms(mark.seconds)}]{' ' if after else ''}{after}"
    return f"[{stamp}] {speaker}: {text}"


def _paragraphs(text: str) -> list[str]:
    """Split long text at sentence ends into paragraphs of about PARAGRAPH_CHARS."""
    if len(text) <= PARAGRAPH_CHARS:
        return [text]
    paragraphs: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        current = f"{current} {sentence}" if current else sentence
        if len(current) >= PARAGRAPH_CHARS * 0.66:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace(LOST, _LOST_HTML)


class TranscriptRenderer:
    """Render transcript lines to HTML, handing out ids in page order."""

    def __init__(self, colours: dict[str, int] | None = None) -> None:
        self.ids = AnchorAllocator()
        self.previous_speaker: str | None = None
        self.colours = colours or {}

    def segment(self, match: re.Match) -> str:
        seconds = _seconds(match.group("time"))
        approx = bool(match.group("approx"))
        speaker = match.group("speaker").strip()
        anchor = self.ids.take(seconds)
        text, marks = split_marks(match.group("text"))
        body = self._body(text.strip(), marks)
        colour = f" c{self.colours.get(speaker.casefold(), speaker_colour(speaker))}" if speaker else " c-none"
        same = " same" if speaker and speaker == self.previous_speaker else ""
        self.previous_speaker = speaker
        label = ("about " if approx else "") + short(seconds)
        stamp = ("~" if approx else "") + short(seconds)
        who = f'<span class="who">{html.escape(speaker)}</span>' if speaker else ""
        return (
            f'<div class="seg{colour}{same}" id="{anchor}" data-t="{seconds}">'
            f'<a class="ts" href="#{anchor}" aria-label="{label}" data-pagefind-ignore>{stamp}</a>'
            f"{who}{body}</div>"
        )

    def _body(self, text: str, marks: list[tuple[int, int]]) -> str:
        if not marks:
            return "".join(f"<p>{_escape(p)}</p>" for p in _paragraphs(text))
        pieces: list[str] = []
        pos = 0
        for offset, seconds in marks:
            pieces.append(_escape(text[pos:offset]))
            anchor = self.ids.take(seconds)
            pieces.append(
                f'<a class="ts-in" id="{anchor}" href="#{anchor}" data-t="{seconds}" '
                f'data-pagefind-ignore>{short(seconds)}</a> '
            )
            pos = offset
        pieces.append(_escape(text[pos:]))
        return f"<p>{''.join(pieces)}</p>"


def _seconds(stamp: str) -> int:
    hours, minutes, seconds = (int(part) for part in stamp.split(":"))
    return hours * 3600 + minutes * 60 + seconds


class TranscriptPreprocessor(Preprocessor):
    """Replace fenced transcript lines (and fenced generated HTML) with stashed HTML before block parsing.

    ``::: html`` … ``:::`` holds HTML the generator built and escaped itself (the
    talk header, the timeline, reading lists, index cards): it is stashed as it
    is, which spares Python-Markdown's raw-HTML parser, by far the slowest part
    of converting a long page.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        inside: str | None = None
        colours = speaker_colours(fence_speakers(lines))
        renderer = TranscriptRenderer(colours)
        run: list[str] = []

        def flush() -> None:
            if run:
                out.extend(["", self.md.htmlStash.store("".join(run)), ""])
                run.clear()

        for line in lines:
            if inside is None:
                stripped = line.strip()
                if stripped == FENCE_OPEN:
                    inside = "transcript"
                    renderer = TranscriptRenderer(colours)
                    run.append('<div class="transcript">')
                    flush()
                elif stripped == HTML_FENCE_OPEN:
                    inside = "html"
                else:
                    out.append(line)
                continue
            if line.strip() == FENCE_CLOSE:
                if inside == "transcript":
                    run.append("</div>")
                else:
                    run[:] = ["\n".join(run)]
                flush()
                inside = None
                continue
            if inside == "html":
                run.append(line)
                continue
            match = LINE.match(line)
            if match:
                run.append(renderer.segment(match))
            elif line.strip():
                flush()
                renderer.previous_speaker = None
                out.extend(["", line, ""])
        if inside == "transcript":
            run.append("</div>")
        elif inside == "html":
            run[:] = ["\n".join(run)]
        flush()
        return out


def html_fence(html_text: str) -> str:
    """Wrap HTML the generator built (already escaped) so the extension stashes it untouched."""
    return f"{HTML_FENCE_OPEN}\n{html_text}\n{FENCE_CLOSE}"


class TranscriptExtension(Extension):
    """Register the transcript preprocessor (before raw HTML blocks are collected)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(TranscriptPreprocessor(md), "talk_transcript", 25)


def makeExtension(**kwargs) -> TranscriptExtension:  # noqa: N802 (Python-Markdown's entry point)
    """Let ``mkdocs.yml`` name this module under ``markdown_extensions``."""
    return TranscriptExtension(**kwargs)

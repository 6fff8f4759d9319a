"""The transcript as HTML, straight from the model's segments.

Each segment becomes one ``div.seg`` with the id the parser gave it
(``t=HH:MM:SS``, ``-2``, ``-3`` for later segments in the same second), its
start in ``data-t`` and its end in ``data-end`` (seconds, from
:mod:`generator.parse.timing`), a link to itself (``a.ts``), the speaker
(``span.who``, coloured by a ``cN`` class; ``.same`` when the speaker goes on,
as a line naming no one after a turn does, in that speaker's colour) and the
words in paragraphs. A chapter heading read inside the transcript stands where
it stood; a listed chapter's, before the first turn that starts with it
(:meth:`generator.model.Chapter.due_before`). Timestamps inside the words become ``a.ts-in``
anchors with the ids the parser gave them. Anchors are allocated once, by the
parser; nothing here counts seconds again.

A line of the transcript that is not speech (see :mod:`generator.parse.timing`)
keeps its id, its time link and its place, as a labelled ``aside`` (laid out like
a segment, so landing on it shows it; it has no speaker and no ``data-end``).

Chapter headings stay Markdown headings (``### Title {#chapter-… data-t=…}``),
so the page's table of contents lists them; the ``.transcript`` wrapper is
``md_in_html`` (parsed for those headings), and the segments between them, one
per line, stand in a ``talk-html`` fence that Python-Markdown passes through
untouched (:mod:`generator.render.fence`).
"""

from __future__ import annotations

import html
import re
import zlib
from collections import Counter
from collections.abc import Iterable

from ..model import LOST, Chapter, Episode, Segment
from ..timecode import short
from .fence import html_fence
from .text import md_text

SPEAKER_COLOURS = 8
#: Text longer than this is split into paragraphs of about this size.
PARAGRAPH_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LOST_HTML = '<span class="lost" role="img" aria-label="character lost in the scrape">\u25cc</span>'
#: What a line of the transcript that is not speech is called on the page.
ASIDE_LABEL = "Transcript note"


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


def speaker_label(segment: Segment) -> str:
    """The speaker as the page shows it: one line, no surrounding space ('' for nobody)."""
    return " ".join((segment.speaker or "").split())


def paragraphs(text: str) -> list[str]:
    """Split long text at sentence ends into paragraphs of about PARAGRAPH_CHARS.

    >>> paragraphs("Short.")
    ['Short.']
    """
    if len(text) <= PARAGRAPH_CHARS:
        return [text]
    found: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        current = f"{current} {sentence}" if current else sentence
        if len(current) >= PARAGRAPH_CHARS * 0.66:
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace(LOST, _LOST_HTML)


def _seconds(value: float) -> str:
    """Seconds as an attribute value: no trailing zeros.

    >>> _seconds(12.0), _seconds(12.25)
    ('12', '12.25')
    """
    return f"{value:.3f}".rstrip("0").rstrip(".")


class _Writer:
    """Write one talk's segments in page order, remembering who spoke last."""

    def __init__(self, colours: dict[str, int]) -> None:
        self.colours = colours
        self.previous: str | None = None

    def segment(self, seg: Segment) -> str:
        if seg.aside:
            self.previous = None
            return (
                f'<aside class="seg aside c-none" id="{seg.anchor}" data-t="{seg.start}">{self.stamp(seg)}'
                f'<span class="aside-label">{ASIDE_LABEL}</span>{self.words(seg)}</aside>'
            )
        speaker = speaker_label(seg)
        # A line naming no one is the speaker before it going on: their colour, no name.
        voice = speaker or self.previous
        colour = f"c{self.colours.get(voice.casefold(), speaker_colour(voice))}" if voice else "c-none"
        same = " same" if voice and voice == self.previous else ""
        self.previous = voice
        end = f' data-end="{_seconds(seg.cue_end)}"' if seg.cue_end is not None else ""
        who = f'<span class="who">{html.escape(speaker)}</span>' if speaker else ""
        return (
            f'<div class="seg {colour}{same}" id="{seg.anchor}" data-t="{seg.start}"{end}>'
            f"{self.stamp(seg)}{who}{self.words(seg)}</div>"
        )

    @staticmethod
    def stamp(seg: Segment) -> str:
        """The line's link to itself; the visible time says "~" for an untimed line, a screen reader hears "about"."""
        time = short(seg.start)
        label = "" if seg.timed else f' aria-label="about {time}"'
        return f'<a class="ts" href="#{seg.anchor}"{label}>{"" if seg.timed else "~"}{time}</a>'

    @staticmethod
    def words(seg: Segment) -> str:
        # One line per segment: the fence around them ends at a line of backticks.
        text = _CONTROL.sub(" ", seg.text).replace("\n", " ")
        if not seg.marks:
            return "".join(f"<p>{_escape(p)}</p>" for p in paragraphs(text.strip()))
        pieces: list[str] = []
        position = 0
        for mark in seg.marks:
            pieces.append(_escape(text[position : mark.offset]))
            pieces.append(
                f'<a class="ts-in" id="{mark.anchor}" href="#{mark.anchor}" data-t="{mark.seconds}">{short(mark.seconds)}</a> '
            )
            position = mark.offset
        pieces.append(_escape(text[position:]))
        return f"<p>{''.join(pieces).strip()}</p>"


def _heading(chapter: Chapter) -> str:
    title = chapter.heading or chapter.title
    return f'### {md_text(title)} {{ #{chapter.link_id()} data-t="{chapter.start}" data-time="{short(chapter.start)}" }}'


def transcript_markdown(episode: Episode) -> str:
    """The transcript section: chapter headings (Markdown) between runs of segments (HTML)."""
    colours = speaker_colours(speaker_label(s) for s in episode.segments if speaker_label(s) and not s.aside)
    writer = _Writer(colours)
    out = ['<div class="transcript" markdown>', ""]
    run: list[str] = []
    seen: set[str] = set()

    def heading(chapter: Chapter) -> None:
        if chapter.link_id() in seen:
            return
        seen.add(chapter.link_id())
        if run:
            out.extend([html_fence("\n".join(run)), ""])
            run.clear()
        writer.previous = None
        out.extend([_heading(chapter), ""])

    chapters = list(episode.chapters)
    for seg in episode.segments:
        while chapters and chapters[0].due_before(seg):
            heading(chapters.pop(0))
        run.append(writer.segment(seg))
    for chapter in chapters:
        heading(chapter)
    if run:
        out.extend([html_fence("\n".join(run)), ""])
    out.extend(["</div>", ""])
    return "\n".join(out)

"""Domain objects passed between the pipeline stages.

Every object is a frozen dataclass. Stages are functions from one to the next;
nothing here does I/O. Every record keeps its origin (file and line) so that a
warning can name it and the "nothing lost" check can account for every line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from .timecode import chapter_id

#: Placeholder the repair stage leaves where a character was lost for good.
#: The renderers turn it into a visible, labelled marker; it never reaches a
#: reader as a raw character.
LOST = "\ue000"


@dataclass(frozen=True, order=True)
class Origin:
    """Where a piece of input came from: file path and 1-based line number."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Fix:
    """One change the repair stage made to a line, and how sure it is."""

    step: str
    before: str
    after: str
    status: Literal["fixed", "ambiguous", "unrecoverable"] = "fixed"
    candidates: tuple[str, ...] = ()
    context: str = ""


@dataclass(frozen=True)
class Line:
    """One input line after repair, with its origin and the fixes applied."""

    text: str
    origin: Origin
    raw: str = ""
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """A chapter: start time in seconds and title.

    ``source`` says whether it came from the chapter list in the notes or from a
    heading line inside the transcript.
    """

    start: int
    title: str
    origin: Origin
    source: Literal["list", "transcript"] = "list"
    #: The heading's wording inside the transcript, where it differs from the list's.
    heading: str = ""
    #: Its id on the page, when another chapter starts in the same second (``chapter-00-02-00-2``).
    anchor: str = ""
    #: False when a heading line inside the transcript carried no time of its own
    #: (``Live Demo Tour``); ``start`` is then the time of the turn after it.
    timed: bool = True

    def link_id(self) -> str:
        """The chapter's id on its page: its own anchor, else the one its start names (``chapter-00-02-00``)."""
        return self.anchor or chapter_id(self.start)

    def due_before(self, segment: Segment) -> bool:
        """Tell whether the chapter's heading stands before ``segment`` on the page.

        A heading read inside the transcript stands where it stood (times
        rounded to the minute give a heading and the turns above it one
        start); a listed chapter, before the first turn that starts with it.
        """
        if self.source == "transcript" and self.origin.path == segment.origin.path:
            return self.origin.line < segment.origin.line
        return self.start <= segment.start


@dataclass(frozen=True)
class Mark:
    """A timestamp that stands inside a segment's text (``… Amazon Q [00:01:00] Devlo …``)."""

    offset: int
    seconds: int
    anchor: str = ""


@dataclass(frozen=True)
class Segment:
    """One transcript segment: who spoke, when, and what they said.

    ``start`` is in seconds. ``timed`` is False when the input line carried no
    timestamp of its own; ``start`` is then the last time known before it.
    ``end`` is the next segment's start (None for the last one).
    ``text`` has inline timestamps removed; they are kept in ``marks``.
    """

    start: int
    text: str
    origin: Origin
    speaker: str | None = None
    timed: bool = True
    end: int | None = None
    marks: tuple[Mark, ...] = ()
    anchor: str = ""
    #: A line of the transcript that is not speech (a stray label, a title line, an
    #: unattributed note): kept on the page as an aside, never a cue (see parse/timing.py).
    aside: bool = False
    #: When the line is heard, in seconds: untimed turns spread between their timed
    #: neighbours, every cue positive and in reading order (None until timed, and for asides).
    cue_start: float | None = None
    cue_end: float | None = None
    #: The line the speaker and time were read from, when the words stood on the next
    #: line (``Swyx (00:00:14):`` then the text, as transcription services export); else None.
    label_origin: Origin | None = None


@dataclass(frozen=True)
class Link:
    """A link inside a notes block: its words as they stand in the block's text, and its URL."""

    text: str
    url: str


@dataclass(frozen=True)
class NoteBlock:
    """One block of show notes: a paragraph, a heading, a bullet or a link line.

    ``url`` is the block's link (its only or first one); ``links`` holds every
    link of the block in reading order. A text dump keeps a URL only where it is
    written out (``Slides: https://…``); a saved HTML page keeps every link.
    """

    kind: Literal["paragraph", "heading", "bullet", "link"]
    text: str
    origin: Origin
    url: str | None = None
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Speaker:
    """A person (or generic label) speaking in one episode, with their talk time."""

    name: str
    seconds: int = 0
    segments: int = 0
    generic: bool = False


@dataclass(frozen=True)
class Audio:
    """An episode's audio file: where it is, its media type, and what the source says of its size."""

    url: str
    type: str = "audio/mpeg"
    #: Size in bytes, as a feed's enclosure gives it (None where unknown).
    length: int | None = None
    #: Duration in seconds, as the source gives it (None where unknown).
    duration: float | None = None


@dataclass(frozen=True)
class Mention:
    """A transcript moment where a reading item is discussed."""

    anchor: str
    seconds: int
    snippet: str


@dataclass(frozen=True)
class ReadingItem:
    """Something a talk cites: a paper, model, tool, person, talk or link."""

    title: str
    kind: Literal["paper", "model", "tool", "person", "talk", "link"]
    origin: Origin
    url: str | None = None
    group: str | None = None
    summary: str = ""
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Warning_:
    """A problem worth reporting that does not stop the build."""

    message: str
    origin: Origin | None = None
    episode: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        what = f"[{self.episode}] " if self.episode else ""
        return f"{where}{what}{self.message}"


@dataclass(frozen=True)
class RawEpisode:
    """The lines of one episode as split from an input, before parsing."""

    lines: tuple[Line, ...]
    source: str
    index: int
    truncated: bool = False


@dataclass(frozen=True)
class Episode:
    """A parsed talk, ready to render."""

    key: str
    slug: str
    title: str
    date: str | None
    notes: tuple[NoteBlock, ...]
    chapters: tuple[Chapter, ...]
    segments: tuple[Segment, ...]
    speakers: tuple[Speaker, ...]
    origin: Origin
    title_derived: bool = False
    truncated: bool = False
    series: str | None = None
    #: One sentence from the notes that says what the talk is about.
    summary: str = ""
    reading: tuple[ReadingItem, ...] = ()
    fixes: tuple[tuple[Origin, Fix], ...] = ()
    chrome: tuple[Origin, ...] = field(default=(), compare=False)
    #: The episode's audio, where a feed or the metadata gives one; never invented.
    audio: Audio | None = None
    #: The feed item's guid, where the episode came from (or is known to) a feed.
    guid: str | None = None

    @property
    def duration(self) -> int | None:
        """Last timestamp of the talk in seconds, or None without a transcript."""
        times = [s.start for s in self.segments]
        times += [m.seconds for s in self.segments for m in s.marks]
        times += [c.start for c in self.chapters]
        # The last words take time to say: the duration covers every cue.
        # Cues follow reading order, so the last one ends last.
        last = next((s.cue_end for s in reversed(self.segments) if s.cue_end is not None), None)
        if last is not None:
            times.append(math.ceil(last))
        return max(times) if times else None

    @property
    def has_transcript(self) -> bool:
        return bool(self.segments)

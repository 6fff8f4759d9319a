"""Parse one episode's lines into notes, chapters, transcript segments and speakers.

An episode's lines fall into three sections:

* notes, until a chapter heading or the transcript (the profile names the
  headings: ``Timestamps``, ``Chapters``; ``Transcript``, ``Transcripts``…);
* a chapter list, line by line while lines parse as chapters; the first line that
  does not (``Show Notes``) returns to the notes, and so does a line that goes
  back in time (a list runs forward). A list starts after a chapter heading, or,
  whatever its heading, where its shape starts: :data:`LIST_LINES` chapter lines
  in a row whose times run forward. A short title-cased line right above such a
  run (``Podcast Timestamps``) is its heading;
* the transcript, to the end of the episode. It starts after a transcript
  heading, or, whatever its heading (or none), where its shape starts: a run
  of timed speaker turns (at least :data:`RUN_TURNS` of the next
  :data:`RUN_WINDOW` lines, one speaker speaking twice), together with the
  timed headings right before it. A short line right above it that holds one
  of the profile's transcript words (``Podcast Transcript``) is its heading;
  any other line above it stays in the notes.

The section heading lines become the page's section headings and are kept in
``Parsed.structure``; the transcript's chapter headings, as read, in
``Parsed.headings`` (even those merged into a listed chapter); lines that hold
nothing to show (an empty bullet, a line of timestamps only) in
``Parsed.skipped``. So every line of an episode is accounted for.

A listed chapter and a transcript heading at most five seconds apart are one
chapter (the list's ``02:38 Keynote by Luca`` and the transcript's ``[00:02:35]
Luca Intro``); the nearest heading wins. The chapter list is checked against
the transcript: a list that goes back in time, a chapter with no transcript
segment near it, or chapters past the transcript's end (reported once), never
stop the build.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from ..config import SourceProfile
from ..timecode import hms
from ..model import Chapter, Line, NoteBlock, Origin, RawEpisode, Segment, Speaker, Warning_
from .chapters import BULLET, looks_like_chapter, parse_chapter_line
from .notes import parse_notes
from .transcript import is_generic, is_turn, line_time, parse_transcript, turn_label, untimed_heading

#: A listed chapter with no transcript segment starting this close after it is reported.
CHAPTER_SLACK = 120
#: A transcript's shape: this many timed speaker turns among the next lines, one speaker twice.
RUN_TURNS = 3
RUN_WINDOW = 6
#: A chapter list's shape: this many chapter lines in a row, their times running forward.
LIST_LINES = 3
#: A heading above a chapter list has at most this many words.
HEADING_WORDS = 6
#: A transcript heading this close to a listed chapter is the same chapter.
TWIN_SECONDS = 5


@dataclass(frozen=True)
class Parsed:
    """The parts of one episode, before it gets its identity (title, slug, date)."""

    raw: RawEpisode
    notes: tuple[NoteBlock, ...]
    chapters: tuple[Chapter, ...]
    segments: tuple[Segment, ...]
    speakers: tuple[Speaker, ...]
    structure: tuple[Origin, ...] = ()
    skipped: tuple[Line, ...] = ()
    headings: tuple[Chapter, ...] = ()
    warnings: tuple[Warning_, ...] = field(default=(), compare=False)

    @property
    def origin(self) -> Origin:
        return self.raw.lines[0].origin


def parse_episode(raw: RawEpisode, profile: SourceProfile, label: str = "") -> Parsed:
    """Parse a raw episode; ``label`` names it in warnings."""
    notes_lines: list[Line] = []
    list_chapters: list[Chapter] = []
    transcript_lines: list[Line] = []
    structure: list[Origin] = []
    malformed: list[Warning_] = []
    state = "notes"
    begins = _transcript_start(raw.lines, profile)
    lists = _chapter_runs(raw.lines, profile, begins)
    for index, line in enumerate(raw.lines):
        key = line.text.strip().casefold()
        if state != "transcript" and key in profile.transcript_headings:
            state = "transcript"
            structure.append(line.origin)
            continue
        if state != "transcript" and begins is not None and index == begins - 1 and _names_transcript(key, profile):
            # ``Podcast Transcript`` right above the transcript's shape: its heading.
            state = "transcript"
            structure.append(line.origin)
            continue
        if state != "transcript" and index == begins:
            state = "transcript"
        if state == "transcript":
            transcript_lines.append(line)
            continue
        if key in profile.chapter_headings:
            state = "chapters"
            structure.append(line.origin)
            continue
        if state == "notes" and index in lists:
            state = "chapters"
            above = raw.lines[index - 1] if index else None
            if above is not None and notes_lines and notes_lines[-1] is above and _list_heading(above.text):
                structure.append(notes_lines.pop().origin)
        if state == "chapters":
            found = parse_chapter_line(line.text, line.origin)
            if found and (not list_chapters or found[0].start >= list_chapters[-1].start or not is_turn(line.text)):
                list_chapters += found
                continue
            if looks_like_chapter(line.text):
                malformed.append(Warning_("chapter line with a malformed time; kept it as notes text", line.origin, label))
            else:
                state = "notes"
        notes_lines.append(line)

    warnings: list[Warning_] = list(malformed)
    titles = {c.title.casefold() for c in list_chapters}
    transcript = parse_transcript(transcript_lines, titles, label)
    warnings += transcript.warnings
    chapters = _merge_chapters(list_chapters, transcript.chapters)
    notes = parse_notes(notes_lines, profile)
    kept = {block.origin for block in notes}
    empty = [line for line in notes_lines if line.origin not in kept]
    warnings += _check_chapters(list_chapters, transcript.segments, label)
    if not transcript_lines:
        warnings.append(Warning_("no transcript in this episode; its page says so", raw.lines[0].origin, label))
    return Parsed(
        raw=raw,
        notes=tuple(notes),
        chapters=tuple(chapters),
        segments=tuple(transcript.segments),
        speakers=tuple(speakers_of(transcript.segments)),
        structure=tuple(structure),
        skipped=tuple(sorted(empty + transcript.skipped, key=lambda line: line.origin)),
        headings=tuple(transcript.chapters),
        warnings=tuple(warnings),
    )


def _transcript_start(lines: tuple[Line, ...], profile: SourceProfile) -> int | None:
    """Find where a transcript starts by its shape; None when a heading introduces it, or there is none.

    The run's first turn, moved back over timed headings right above it
    (``[00:00:00] Introducing the speakers``) while their times do not run
    ahead of the line after them: a chapter list right above a transcript
    runs forward to its last chapter, and stays a list.
    """
    texts = [line.text.strip() for line in lines]
    for index, text in enumerate(texts):
        if text.casefold() in profile.transcript_headings:
            return None
        if not is_turn(text):
            continue
        labels = [turn_label(t) for t in texts[index : index + RUN_WINDOW]]
        named = [label for label in labels if label]
        if len(named) >= RUN_TURNS and len(set(named)) < len(named):
            start = index
            while start and not BULLET.match(texts[start - 1]):  # a chapter list's line; ``**Name**`` is none
                before, after = line_time(texts[start - 1]), line_time(texts[start])
                if before is None or after is None or before > after:
                    break
                start -= 1
            if start > 1 and _untimed_heading_at(texts, start - 1) and any(
                _untimed_heading_at(texts, later) for later in range(start, len(texts) - 1)
            ):
                start -= 1  # its first heading, given no time as the ones inside it are
            return start
    return None


def _untimed_heading_at(texts: list[str], index: int) -> bool:
    """Tell whether the line at ``index`` is a heading with no time right above a timed turn (``Live Demo Tour``)."""
    return line_time(texts[index]) is None and untimed_heading(texts[index]) and is_turn(texts[index + 1])


def _names_transcript(key: str, profile: SourceProfile) -> bool:
    """Tell whether a short casefolded line holds one of the profile's transcript words as a word.

    >>> from generator.profiles import load_profile
    >>> _names_transcript("podcast transcript", load_profile("latent-space-app"))
    True
    >>> _names_transcript("full video episode", load_profile("latent-space-app"))
    False
    """
    words = profile.transcript_words
    return bool(words) and len(key.split()) <= HEADING_WORDS and any(word in words for word in re.findall(r"[^\W\d_]+", key))


def _chapter_runs(lines: tuple[Line, ...], profile: SourceProfile, begins: int | None) -> set[int]:
    """Where chapter lists start by their shape, before the transcript: the first line of each run.

    A run is :data:`LIST_LINES` or more lines in a row that parse as chapter
    lines, each starting no earlier than the one before.
    """
    end = len(lines) if begins is None else begins
    for index, line in enumerate(lines[:end]):
        if line.text.strip().casefold() in profile.transcript_headings:
            end = index
            break
    starts: set[int] = set()
    index = 0
    while index < end:
        after, last = index, -1
        while after < end:
            found = parse_chapter_line(lines[after].text, lines[after].origin)
            if not found or found[0].start < last:
                break
            last, after = found[-1].start, after + 1
        if after - index >= LIST_LINES:
            starts.add(index)
        index = max(after, index + 1)
    return starts


def _list_heading(text: str) -> bool:
    """Tell whether a line reads as a section heading: a few title-cased words, no sentence end.

    >>> _list_heading("Podcast Timestamps"), _list_heading("Timestamps and Overview of Papers")
    (True, True)
    >>> _list_heading("In this episode we cover:"), _list_heading("We covered a lot.")
    (False, False)
    """
    words = text.strip().rstrip(":").split()
    if not words or len(words) > HEADING_WORDS or text.strip()[-1] in ".!?,;" or looks_like_chapter(text):
        return False
    return all(word[0].isupper() or not word[0].isalpha() for word in words if len(word) > 3)


def _merge_chapters(listed: list[Chapter], in_transcript: list[Chapter]) -> list[Chapter]:
    """Join the chapter list with the transcript's headings into one list by time.

    A heading within TWIN_SECONDS of a listed chapter is the same chapter; its
    wording is kept as the chapter's ``heading`` where it differs.
    """
    merged: list[Chapter] = []
    unmatched = list(in_transcript)
    for chapter in listed:
        near = [h for h in unmatched if abs(h.start - chapter.start) <= TWIN_SECONDS]
        twin = min(near, key=lambda h: abs(h.start - chapter.start), default=None)
        if twin is not None:
            unmatched.remove(twin)
            heading = twin.title if twin.title.casefold() != chapter.title.casefold() else ""
            merged.append(replace(chapter, heading=heading))
        else:
            merged.append(chapter)
    merged += unmatched
    return sorted(merged, key=lambda c: (c.start, c.source != "list"))


def _check_chapters(listed: list[Chapter], segments: list[Segment], label: str) -> list[Warning_]:
    """Report a chapter list that goes back in time, and chapters no timed segment is near."""
    warnings: list[Warning_] = []
    for before, after in zip(listed, listed[1:]):
        if after.start < before.start:
            warnings.append(Warning_(f"chapter list goes back in time at {after.title!r}", after.origin, label))
    timed = sorted(s.start for s in segments if s.timed)
    if not timed:
        return warnings
    # Chapters past the transcript's end (a cut-off page) are one finding, not one each.
    beyond = [c for c in listed if c.start > timed[-1] + CHAPTER_SLACK]
    if beyond:
        warnings.append(
            Warning_(
                f"{len(beyond)} listed chapter(s) start after the transcript ends at {hms(timed[-1])}, "
                f"from {beyond[0].title!r} at {hms(beyond[0].start)} on",
                beyond[0].origin,
                label,
            )
        )
    for chapter in listed:
        if chapter in beyond:
            continue
        # The first timed segment at or after the chapter's start minus a little slack.
        first = bisect_left(timed, chapter.start - 5)
        if first == len(timed) or timed[first] > chapter.start + CHAPTER_SLACK:
            warnings.append(
                Warning_(f"chapter {chapter.title!r} has no transcript segment near its time", chapter.origin, label)
            )
    return warnings


def speakers_of(segments: list[Segment] | tuple[Segment, ...]) -> list[Speaker]:
    """Each speaker's talk time and turns, most talk time first.

    A turn lasts its cue once the transcript is timed (:mod:`.timing`: times
    rounded to the minute give most turns no length of their own, and the cues
    share the minute by words), and from its start to the next one's before. A
    line that names no one, and is no aside, is the speaker before it going on;
    ``segments`` counts the turns that name the speaker.
    """
    totals: dict[str, list[float]] = {}
    current: str | None = None
    for seg in segments:
        current = seg.speaker or current
        if seg.aside or current is None:
            continue
        if seg.cue_start is not None and seg.cue_end is not None:
            length = seg.cue_end - seg.cue_start
        else:
            length = max(0, (seg.end or seg.start) - seg.start)
        entry = totals.setdefault(current, [0.0, 0])
        entry[0] += length
        entry[1] += seg.speaker is not None
    return sorted(
        (Speaker(name, round(seconds), int(count), is_generic(name)) for name, (seconds, count) in totals.items()),
        key=lambda s: (-s.seconds, s.name),
    )

"""Parse transcript lines into segments and in-transcript chapter headings.

Line forms, tried in this order (``T`` is ``HH:MM:SS`` in square brackets):

1. ``T Speaker: text`` — a timed segment (``[00:00:29] Speaker 9: …``).
2. ``Speaker T: text`` — a timed segment (``Swyx [00:00:14]: …``).
3. ``T Title`` with no speaker — a chapter heading inside the transcript
   (``[00:02:37] Sora, OpenSora and Video Vision vs Generation``), when the title
   is short; a long one is a segment with no speaker. A line whose text matches a
   title in the chapter list is always a heading.
4. ``Speaker: text`` with no time (``Eric: Totally.``) — an untimed segment, when
   the speaker is known from a timed line of the same episode or the label starts
   at least two lines.
5. Anything else (``Session3Audio``) — an untimed segment with no speaker, kept
   as it is.

A speaker label is at most 40 characters and five words and looks like a name;
anything else is text. Timestamps inside a segment (``… Amazon Q [00:01:00]
Devlo …``) are removed from the text and kept as marks. An untimed segment starts
at the last time known before it. A segment ends where the next one starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..model import LOST, Chapter, Line, Mark, Segment, Warning_
from ..timecode import parse_time

_STAMP = r"\[(\d{1,3}:\d{2}:\d{2})\]"
_NAME = r"[^\W\d_][\w.'\u2019&\- ]{0,39}?"
_TIME_FIRST = re.compile(rf"^{_STAMP}\s+(?P<rest>.*)$")
_SPEAKER_FIRST = re.compile(rf"^(?P<name>{_NAME})\s+{_STAMP}:\s*(?P<text>.*)$")
_LABEL = re.compile(rf"^(?P<name>{_NAME}(?: \d{{1,3}})?):\s+(?P<text>\S.*)$")
_INLINE = re.compile(rf"\s?{_STAMP}\s?")
_ONLY_STAMPS = re.compile(rf"^(?:\s*{_STAMP})*\s*$")
#: Any timestamp-like bracket, well formed or not (``[1:2:3]``, ``[00:61:00]``).
_LOOSE_STAMP = re.compile(r"^\[(\d{1,3}(?::\d{1,3}){1,2})\]")

MAX_HEADING_WORDS = 14
#: Labels that name a role, not a person: kept as written, never merged or guessed.
GENERIC_SPEAKER = re.compile(r"^(?:speaker|question|quesiton|audience(?: member)?|unknown)\s*\d*$", re.IGNORECASE)


def is_generic(name: str) -> bool:
    """Tell whether a label names no one in particular (``Speaker``, ``Speaker 9``).

    >>> is_generic("Speaker 9"), is_generic("Swyx")
    (True, False)
    """
    return bool(GENERIC_SPEAKER.match(name))


def _plausible_name(name: str) -> bool:
    name = name.strip()
    return 0 < len(name) <= 40 and len(name.split()) <= 5 and not name.endswith((".", "'"))


@dataclass
class TranscriptResult:
    segments: list[Segment] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    skipped: list[Line] = field(default_factory=list)


def split_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove inline timestamps from ``text``; return the clean text and (offset, seconds) marks."""
    if "[" not in text:
        return text, []
    marks: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for match in _INLINE.finditer(text):
        seconds = parse_time(match.group(1))
        if seconds is None:
            continue
        piece = text[pos : match.start()]
        out.append(piece)
        length += len(piece)
        joiner = " " if piece and match.end() < len(text) and match.group(0)[0].isspace() and match.group(0)[-1].isspace() else ""
        out.append(joiner)
        length += len(joiner)
        marks.append((length, seconds))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), marks


def parse_transcript(lines: list[Line], list_titles: set[str], episode: str) -> TranscriptResult:
    """Parse the transcript section of one episode."""
    result = TranscriptResult()
    timed_speakers = _timed_speakers(lines)
    label_counts = Counter(m.group("name").casefold() for line in lines if (m := _LABEL.match(line.text)))
    last_time = 0
    last_timed = -1

    def add(line: Line, start: int | None, speaker: str | None, text: str) -> None:
        nonlocal last_time, last_timed
        timed = start is not None
        if timed:
            if start < last_timed:
                result.warnings.append(
                    Warning_(f"timestamp {line.text[:10]} goes back in time; kept in input order", line.origin, episode)
                )
            last_timed = max(last_timed, start)
        clean, marks = split_marks(text)
        begin = start if timed else last_time
        last_time = max([last_time, begin] + [s for _, s in marks])
        result.segments.append(
            Segment(
                start=begin,
                text=clean.strip(),
                origin=line.origin,
                speaker=speaker,
                timed=timed,
                marks=tuple(Mark(offset=o, seconds=s) for o, s in marks),
            )
        )

    for line in lines:
        text = line.text.strip()
        match = _TIME_FIRST.match(text)
        if match:
            seconds = parse_time(match.group(1))
            rest = match.group("rest").strip()
            if seconds is None:
                result.warnings.append(Warning_(f"malformed timestamp [{match.group(1)}]; kept the line as text", line.origin, episode))
                add(line, None, None, text)
                continue
            if seconds >= 24 * 3600:
                result.warnings.append(Warning_(f"timestamp [{match.group(1)}] is over 24 hours", line.origin, episode))
            label = _LABEL.match(rest)
            if label and _plausible_name(label.group("name")) and rest.casefold() not in list_titles:
                add(line, seconds, label.group("name").strip(), label.group("text"))
            elif _ONLY_STAMPS.match(rest):
                result.warnings.append(Warning_("a line holds only timestamps; nothing to show", line.origin, episode))
                result.skipped.append(line)
            elif rest.casefold() in list_titles or (
                len(rest.split()) <= MAX_HEADING_WORDS and any(ch.isalnum() for ch in rest) and LOST not in rest
            ):
                result.chapters.append(Chapter(start=seconds, title=rest, origin=line.origin, source="transcript"))
            else:
                add(line, seconds, None, rest)
            continue
        match = _SPEAKER_FIRST.match(text)
        if match and _plausible_name(match.group("name")):
            seconds = parse_time(match.group(2))
            if seconds is None:
                result.warnings.append(Warning_(f"malformed timestamp [{match.group(2)}]; kept the line as text", line.origin, episode))
                add(line, None, match.group("name").strip(), match.group("text"))
            else:
                if seconds >= 24 * 3600:
                    result.warnings.append(Warning_(f"timestamp [{match.group(2)}] is over 24 hours", line.origin, episode))
                add(line, seconds, match.group("name").strip(), match.group("text"))
            continue
        loose = _LOOSE_STAMP.match(text)
        if loose:
            result.warnings.append(Warning_(f"malformed timestamp [{loose.group(1)}]; kept the line as text", line.origin, episode))
        label = _LABEL.match(text)
        if label and _plausible_name(label.group("name")):
            name = label.group("name").strip()
            if name.casefold() in timed_speakers or label_counts[name.casefold()] >= 2:
                add(line, None, name, label.group("text"))
                continue
        add(line, None, None, text)

    result.segments = _finish(result.segments)
    return result


def _timed_speakers(lines: list[Line]) -> set[str]:
    names: set[str] = set()
    for line in lines:
        text = line.text.strip()
        if match := _SPEAKER_FIRST.match(text):
            names.add(match.group("name").strip().casefold())
        elif (match := _TIME_FIRST.match(text)) and (label := _LABEL.match(match.group("rest"))):
            names.add(label.group("name").strip().casefold())
    return names


def canonical_speakers(segments: list[Segment]) -> dict[str, str]:
    """Map each casefolded speaker label to one display form.

    The most frequent spelling wins; on a tie, one that starts with a capital.

    >>> from generator.model import Origin
    >>> segs = [Segment(0, "x", Origin("f", 1), speaker=s) for s in ["swyx", "Swyx", "Swyx"]]
    >>> canonical_speakers(segs)
    {'swyx': 'Swyx'}
    """
    forms: dict[str, Counter] = {}
    for seg in segments:
        if seg.speaker:
            forms.setdefault(seg.speaker.casefold(), Counter())[seg.speaker] += 1
    return {
        key: max(counter.items(), key=lambda item: (item[1], item[0][:1].isupper(), item[0]))[0]
        for key, counter in forms.items()
    }


def _finish(segments: list[Segment]) -> list[Segment]:
    """Give every segment one speaker spelling and an end time."""
    names = canonical_speakers(segments)
    ends: list[int] = [0] * len(segments)
    for i in reversed(range(len(segments))):
        seg = segments[i]
        if i + 1 == len(segments):
            ends[i] = seg.start + max(1, round(len(seg.text.split()) / 2.5))
        elif segments[i + 1].start > seg.start:
            ends[i] = segments[i + 1].start
        else:
            ends[i] = max(seg.start, ends[i + 1])
    return [
        replace(seg, end=ends[i], speaker=names.get(seg.speaker.casefold()) if seg.speaker else None)
        for i, seg in enumerate(segments)
    ]

"""Read a transcript file a feed links to: WebVTT, SRT, Podcasting 2.0 JSON, HTML or plain text.

Every format becomes the same :class:`~generator.model.Segment` list the dump's
transcript parser gives, with ``t=HH:MM:SS`` anchors, so the rest of the
pipeline cannot tell where a transcript came from.

* **WebVTT** (``text/vtt``): cues ``start --> end``; a voice span ``<v Name>``
  names the speaker, who keeps speaking until another voice span (the
  Podcasting 2.0 spec adds the span "when they change"). Other cue markup
  (``<c>``, ``<i>``, inner timestamps) is dropped, character references are
  decoded; ``NOTE``, ``STYLE`` and ``REGION`` blocks are not speech.
* **SRT** (``application/x-subrip``): numbered cues ``00:00:00,780 -->
  00:00:06,210``; a leading ``Name:`` that looks like a name is the speaker.
* **JSON** (``application/json``): ``{"version", "segments": [{"speaker",
  "startTime", "endTime", "body"}]}``; word-level files are joined into turns.
* **HTML** (``text/html``): ``<cite>`` names the speaker, ``<time>`` the start,
  each ``<p>`` is what they said (the spec's low-fidelity format).
* **Plain text** (``text/plain``): read by the dump's own transcript parser
  (``[HH:MM:SS] Speaker: text`` lines, ``Speaker: text`` without times).

Captions are short (the spec recommends 65 characters a line), so consecutive
cues of one speaker are joined into one turn, cut where a sentence ends after
:data:`TURN_SECONDS` and always after :data:`MAX_TURN_SECONDS`: a page of
turns reads like the dump's transcripts, and every turn keeps its own anchor.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from ..errors import InputError
from ..model import Line, Origin, Segment, Warning_
from ..parse.transcript import anchored, parse_transcript
from .chapters import read_json

#: A turn is cut at the first sentence end after this many seconds ...
TURN_SECONDS = 30
#: ... and at the next cue after this many, sentence end or not.
MAX_TURN_SECONDS = 90
#: Media types of each format, as feeds write them (the spec's, then variants seen in feeds).
FORMATS = {
    "vtt": ("text/vtt",),
    "json": ("application/json",),
    "srt": ("application/x-subrip", "application/srt", "text/srt", "text/x-srt", "text/x-subrip"),
    "html": ("text/html", "application/xhtml+xml"),
    "text": ("text/plain",),
}
#: The order in which transcripts of one item are preferred: timed formats with
#: speakers first. The Podcasting 2.0 transcript page recommends WebVTT first
#: ("the most flexible"), calls HTML low-fidelity, and JSON and SRT timed.
PREFERENCE = ("vtt", "json", "srt", "html", "text")
#: File suffixes the stored copies are written under.
SUFFIX = {"vtt": ".vtt", "json": ".json", "srt": ".srt", "html": ".html", "text": ".txt"}

_CUE_TIME = re.compile(
    r"^(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_LABEL = re.compile(r"^(?P<name>[^\W\d_][\w.'\u2019&\- ]{0,39}?):\s+(?P<text>\S.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")


@dataclass(frozen=True)
class Cue:
    """One timed piece of a transcript file, before turns are formed."""

    start: float | None
    end: float | None
    text: str
    speaker: str | None
    line: int


def format_of(media_type: str) -> str | None:
    """Name the transcript format of a media type, or None when it is not one we read.

    >>> format_of("text/vtt"), format_of("application/x-subrip; charset=utf-8"), format_of("audio/mpeg")
    ('vtt', 'srt', None)
    """
    bare = media_type.split(";", 1)[0].strip().lower()
    return next((name for name, types in FORMATS.items() if bare in types), None)


def read_transcript(text: str, kind: str, path: str, label: str = "") -> tuple[list[Segment], list[Warning_]]:
    """Read a transcript file of the given format (see :data:`FORMATS`) into anchored segments."""
    if kind == "text":
        lines = [Line(line, Origin(path, number)) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
        result = parse_transcript(lines, set(), label)
        return result.segments, result.warnings
    readers = {"vtt": _vtt_cues, "srt": _srt_cues, "json": _json_cues, "html": _html_cues}
    if kind not in readers:
        raise InputError(f"{path}: no reader for transcript format {kind!r}")
    cues = readers[kind](text, path)
    if not cues:
        raise InputError(f"{path}: no transcript text found in this {kind.upper()} file")
    return finish(turns(cues), path), []


def seconds_of(stamp: str) -> float:
    """Seconds of a cue time: ``[[HH:]MM:]SS[.,mmm]``.

    >>> seconds_of("01:02:03.500"), seconds_of("02:03,250"), seconds_of("7")
    (3723.5, 123.25, 7.0)
    """
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split a caption file into blank-line separated blocks, each with its first line's number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _vtt_cues(text: str, path: str) -> list[Cue]:
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(f"{path}:1: a WebVTT file starts with 'WEBVTT'")
    cues: list[Cue] = []
    speaker: str | None = None
    for first, block in _blocks(text)[1:]:
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(block[:2]) if _CUE_TIME.match(line)), None)
        if timing is None:
            continue
        times = _CUE_TIME.match(block[timing])
        body = " ".join(block[timing + 1:])
        voice = _VOICE.search(body)
        if voice:
            speaker = voice.group("name").strip()
        words = html.unescape(_TAG.sub("", body)).strip()
        if words:
            cues.append(Cue(seconds_of(times["start"]), seconds_of(times["end"]), words, speaker, first + timing))
    return cues


def _srt_cues(text: str, path: str) -> list[Cue]:
    cues: list[Cue] = []
    speaker: str | None = None
    for first, block in _blocks(text.lstrip("\ufeff")):
        timing = next((i for i, line in enumerate(block[:2]) if _CUE_TIME.match(line)), None)
        if timing is None:
            raise InputError(f"{path}:{first}: an SRT cue needs a 'start --> end' line")
        times = _CUE_TIME.match(block[timing])
        words = " ".join(line.strip() for line in block[timing + 1:])
        label = _LABEL.match(words)
        if label:
            speaker, words = label.group("name").strip(), label.group("text")
        words = html.unescape(_TAG.sub("", words)).strip()
        if words:
            cues.append(Cue(seconds_of(times["start"]), seconds_of(times["end"]), words, speaker, first + timing))
    return cues


def _json_cues(text: str, path: str) -> list[Cue]:
    segments = read_json(text, path, "segments")
    cues: list[Cue] = []
    for number, item in enumerate(segments, 1):
        if not isinstance(item, dict) or not isinstance(item.get("body"), str):
            raise InputError(f"{path}: segment {number} needs a 'body' text")
        start, end = item.get("startTime"), item.get("endTime")
        if not isinstance(start, (int, float)):
            raise InputError(f"{path}: segment {number} needs a numeric 'startTime' in seconds")
        speaker = item.get("speaker") if isinstance(item.get("speaker"), str) else None
        if item["body"].strip():
            cues.append(Cue(float(start), float(end) if isinstance(end, (int, float)) else None, item["body"].strip(), speaker, number))
    return cues


def _html_cues(text: str, path: str) -> list[Cue]:
    soup = BeautifulSoup(text, "html.parser")
    cues: list[Cue] = []
    speaker: str | None = None
    start: float | None = None
    for element in soup.find_all(["cite", "time", "p"]):
        if not isinstance(element, Tag):
            continue
        words = " ".join(element.get_text().split())
        if element.name == "cite":
            speaker = words.rstrip(":").strip() or None
        elif element.name == "time":
            try:
                start = seconds_of(words)
            except ValueError:
                start = None
        elif words:
            cues.append(Cue(start, None, words, speaker, element.sourceline or 0))
    return cues


def turns(cues: list[Cue]) -> list[Cue]:
    """Join consecutive cues of one speaker into turns (see the module's rules)."""
    joined: list[Cue] = []
    for cue in cues:
        last = joined[-1] if joined else None
        if last and last.speaker == cue.speaker and _continues(last, cue):
            joined[-1] = Cue(last.start, cue.end, f"{last.text} {cue.text}", last.speaker, last.line)
        else:
            joined.append(cue)
    return joined


def _continues(turn: Cue, cue: Cue) -> bool:
    if turn.start is None or cue.start is None:
        return False
    length = cue.start - turn.start
    return length < MAX_TURN_SECONDS and not (length >= TURN_SECONDS and _SENTENCE_END.search(turn.text))


def finish(cues: list[Cue], path: str) -> list[Segment]:
    """Make anchored segments of turns: whole seconds, an end for each, one spelling per speaker."""
    segments: list[Segment] = []
    last = 0
    for cue in cues:
        start = int(cue.start) if cue.start is not None else last
        last = max(last, start)
        segments.append(Segment(start, cue.text, Origin(path, cue.line), cue.speaker, timed=cue.start is not None))
    ends = []
    for i, (seg, cue) in enumerate(zip(segments, cues)):
        following = segments[i + 1].start if i + 1 < len(segments) else None
        end = int(cue.end + 0.999) if cue.end is not None else following
        ends.append(max(seg.start, end if end is not None else seg.start + 1))
    return anchored(segments, ends)

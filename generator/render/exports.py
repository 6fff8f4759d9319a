"""Exports beside each page, in the podcast ecosystem's standard formats.

* ``chapters.json``: Podcasting 2.0 JSON Chapters 1.2. The file holds
  ``version`` and ``chapters`` (required) and the episode's ``title`` and
  ``podcastName`` (optional); each chapter holds ``startTime`` in seconds
  (required) and its ``title``, in ascending ``startTime`` order. A chapter's
  ``url`` is given where known: the chapter's heading in the transcript on our
  page, when the page's address is known and the page has a transcript.
* ``transcript.json``: Podcasting 2.0 JSON transcript: ``version`` and
  ``segments``, each with ``speaker`` (left out when the line named nobody),
  ``startTime``, ``endTime`` and ``body``.
* ``transcript.vtt``: WebVTT, one cue per segment, the speaker in a ``<v>``
  voice span. Cue text is escaped (``&``, ``<``, ``>``), so ``-->`` and tags
  typed in the transcript stay text.

Both transcript exports hold the spoken segments only, timed by
:mod:`generator.parse.timing`: every cue has a positive length, cues follow
reading order and never overlap; lines that are not speech stay on the page.

Text in every export is plain: no markup, control characters removed, and a
character lost in the scrape shown as ``◌``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..model import Episode, Segment
from ..parse.timing import timed
from .text import plain

CHAPTERS_VERSION = "1.2.0"
TRANSCRIPT_VERSION = "1.0.0"


def to_json(data: object) -> str:
    """Serialise deterministically and compactly, keys in the order built (the specs' order).

    Compact output uses the json module's C encoder; indenting falls back to the
    pure-Python one, which took most of the render stage on long transcripts.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def chapters_json(episode: Episode, podcast: str, page_url: str | None = None) -> str:
    """Render the episode's chapters; ``page_url`` is the episode page's absolute address, if known."""
    chapters = []
    for chapter in sorted(episode.chapters, key=lambda c: c.start):
        entry: dict[str, object] = {"startTime": chapter.start, "title": plain(chapter.title)}
        if page_url and episode.segments:
            entry["url"] = f"{page_url}#{chapter.link_id()}"
        chapters.append(entry)
    return to_json(
        {"version": CHAPTERS_VERSION, "title": plain(episode.title), "podcastName": plain(podcast), "chapters": chapters}
    )


def spoken(episode: Episode) -> list[Segment]:
    """The segments heard in the recording, each with its cue."""
    return [seg for seg in timed(episode).segments if not seg.aside]


def _number(seconds: float) -> float | int:
    """A whole second as an integer, as the exports always wrote them."""
    return int(seconds) if seconds == int(seconds) else seconds


def transcript_json(episode: Episode) -> str:
    """Render the transcript as Podcasting 2.0 JSON segments."""
    segments = []
    for seg in spoken(episode):
        entry: dict[str, object] = {}
        if seg.speaker:
            entry["speaker"] = plain(seg.speaker)
        entry["startTime"] = _number(seg.cue_start)
        entry["endTime"] = _number(seg.cue_end)
        entry["body"] = plain(seg.text)
        segments.append(entry)
    return to_json({"version": TRANSCRIPT_VERSION, "segments": segments})


def _vtt_time(seconds: float) -> str:
    """Format a WebVTT timestamp.

    >>> _vtt_time(3725)
    '01:02:05.000'
    """
    return _vtt_stamp(round(seconds * 1000))


@lru_cache(maxsize=65536)
def _vtt_stamp(millis: int) -> str:
    # Transcripts repeat the same few thousand times; formatting each once saves real time at scale.
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


#: Whitespace a cue line cannot keep as it is: runs, line breaks, tabs, an edge.
_LOOSE_SPACE = re.compile(r"\s\s|[^\S ]|^\s|\s$")


def _vtt_escape(text: str) -> str:
    """Escape cue text and fold it onto one line (a blank line would end the cue).

    >>> _vtt_escape("a --> b <i>&</i>\\n\\nc")
    'a --&gt; b &lt;i&gt;&amp;&lt;/i&gt; c'
    """
    # Three guarded replaces beat str.translate with a dict tenfold; a WebVTT export of
    # 1,000 transcripts spends most of its time here.
    text = plain(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return " ".join(text.split()) if _LOOSE_SPACE.search(text) else text


def transcript_vtt(episode: Episode) -> str:
    """Render WebVTT: one cue per spoken segment."""
    lines = ["WEBVTT", ""]
    for number, seg in enumerate(spoken(episode), 1):
        lines.append(str(number))
        lines.append(f"{_vtt_time(seg.cue_start)} --> {_vtt_time(seg.cue_end)}")
        body = _vtt_escape(seg.text) or "\u00a0"
        speaker = _vtt_escape(seg.speaker or "")
        if speaker.endswith("-"):
            # "<v -->" would hold "-->", which ends a cue's timing line; the annotation's
            # trailing space is stripped by WebVTT parsers, so the voice stays the same.
            speaker += " "
        lines.append(f"<v {speaker}>{body}" if speaker else body)
        lines.append("")
    return "\n".join(lines)

"""Exports beside each page, in the podcast ecosystem's standard formats.

* ``chapters.json``: Podcasting 2.0 JSON Chapters 1.2 (``version``, ``chapters[]``
  with ``startTime`` in seconds, ``title``, ``url`` where known; optional
  ``title`` and ``podcastName`` of the episode).
* ``transcript.json``: Podcasting 2.0 JSON transcript (``version`` and
  ``segments[]`` with ``speaker``, ``startTime``, ``endTime``, ``body``).
* ``transcript.vtt``: WebVTT, one cue per segment, the speaker as a ``<v>`` tag.
"""

from __future__ import annotations

import json

from ..model import Episode
from .text import plain

CHAPTERS_VERSION = "1.2.0"
TRANSCRIPT_VERSION = "1.0.0"


def to_json(data: object) -> str:
    """Serialise deterministically: sorted keys would reorder spec fields, so order is kept as built."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def chapters_json(episode: Episode, podcast: str) -> str:
    chapters = []
    for chapter in episode.chapters:
        entry: dict[str, object] = {"startTime": chapter.start, "title": plain(chapter.title)}
        chapters.append(entry)
    return to_json(
        {"version": CHAPTERS_VERSION, "title": plain(episode.title), "podcastName": podcast, "chapters": chapters}
    )


def transcript_json(episode: Episode) -> str:
    segments = []
    for seg in episode.segments:
        entry: dict[str, object] = {}
        if seg.speaker:
            entry["speaker"] = plain(seg.speaker)
        entry["startTime"] = seg.start
        entry["endTime"] = seg.end if seg.end is not None else seg.start
        entry["body"] = plain(seg.text)
        segments.append(entry)
    return to_json({"version": TRANSCRIPT_VERSION, "segments": segments})


def _vtt_time(seconds: float) -> str:
    """Format a WebVTT timestamp.

    >>> _vtt_time(3725)
    '01:02:05.000'
    """
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _vtt_escape(text: str) -> str:
    text = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def transcript_vtt(episode: Episode) -> str:
    """Render WebVTT; a cue ends where the next segment starts (at least 1 s long)."""
    lines = ["WEBVTT", ""]
    for number, seg in enumerate(episode.segments, 1):
        end = max(seg.end or seg.start, seg.start + 1)
        lines.append(str(number))
        lines.append(f"{_vtt_time(seg.start)} --> {_vtt_time(end)}")
        body = _vtt_escape(seg.text) or "\u00a0"
        if seg.speaker:
            speaker = _vtt_escape(seg.speaker)
            lines.append(f"<v {speaker}>{body}")
        else:
            lines.append(body)
        lines.append("")
    return "\n".join(lines)

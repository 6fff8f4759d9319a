"""Timestamps and moment anchors: parsing, formatting and stable ids."""

from __future__ import annotations

import re
from functools import lru_cache

#: ``HH:MM:SS`` or ``MM:SS``; hours may exceed 24 (conference streams run long).
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_PARTS = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})$")


@lru_cache(maxsize=65536)
def parse_time(text: str) -> int | None:
    """Return seconds for ``HH:MM:SS`` or ``MM:SS``, or None when malformed.

    >>> parse_time("00:14:13")
    853
    >>> parse_time("06:09:52")
    22192
    >>> parse_time("58:57")
    3537
    >>> parse_time("00:61:00") is None
    True
    >>> parse_time("99:99") is None
    True
    """
    match = _PARTS.match(text.strip())
    if not match:
        return None
    hours = int(match.group(1) or 0)
    minutes, seconds = int(match.group(2)), int(match.group(3))
    if seconds >= 60 or (match.group(1) is not None and minutes >= 60):
        return None
    if match.group(1) is None and minutes >= 100:
        return None
    return hours * 3600 + minutes * 60 + seconds


@lru_cache(maxsize=65536)
def hms(seconds: int) -> str:
    """Format seconds as ``HH:MM:SS``.

    >>> hms(853)
    '00:14:13'
    >>> hms(22192)
    '06:09:52'
    """
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


@lru_cache(maxsize=65536)
def short(seconds: int) -> str:
    """Format seconds for display: ``M:SS`` under an hour, ``H:MM:SS`` above.

    >>> short(853)
    '14:13'
    >>> short(3725)
    '1:02:05'
    """
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def human(seconds: int) -> str:
    """Format a duration for people.

    >>> human(3725)
    '1 h 2 min'
    >>> human(1500)
    '25 min'
    """
    hours, rest = divmod(int(seconds), 3600)
    minutes = round(rest / 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{max(minutes, 1)} min"


def chapter_id(seconds: int) -> str:
    """Return the stable heading id of a chapter starting at ``seconds``.

    >>> chapter_id(500)
    'chapter-00-08-20'
    """
    return "chapter-" + hms(seconds).replace(":", "-")


def unique_name(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3`` … the first not in ``taken``, and take it.

    The one rule for every name that must be unique on the site: episode slugs,
    speaker page slugs and moment anchors.

    >>> taken = {"intro"}
    >>> unique_name("intro", taken), unique_name("intro", taken), unique_name("outro", taken)
    ('intro-2', 'intro-3', 'outro')
    """
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


class AnchorAllocator:
    """Hand out ``t=HH:MM:SS`` ids in page order; a repeat of a second gets ``-2``, ``-3``.

    The same sequence of times always yields the same ids, so ids only depend on
    the episode's own transcript, never on other episodes.

    >>> ids = AnchorAllocator()
    >>> [ids.take(853), ids.take(853), ids.take(854), ids.take(853)]
    ['t=00:14:13', 't=00:14:13-2', 't=00:14:14', 't=00:14:13-3']
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, seconds: int) -> str:
        return unique_name("t=" + hms(seconds), self._taken)

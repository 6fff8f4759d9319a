"""Parse chapter lists.

Formats seen in the dump, all accepted by one rule set:

* ``* 00:00 Title``, ``* 00:00:00: Title``, ``* 00:00:00 Title``,
  ``* 00:00:00 - Title`` (or ``–``, ``—``, ``|``, ``·``), ``* [00:00:00] Title``,
  ``(00:00) Title``, bare ``00:00 Title``;
  hours may run past one (``[06:09:52]``).
* Several chapters glued into one line:
  ``00:00 Introductions01:39 From Project Tailwind to NotebookLM09:25 …`` and
  ``Is storage solved?26:30 Products vs Features``. A time glued to the end of a
  title starts a new chapter only when it is followed by a space and a title, and
  only when the times keep increasing; numbers that are not times (``65,000``)
  never match because a time needs a colon.

Two-part times are minutes and seconds. A chapter line whose time is malformed
(``[99:99] Title``, ``00:61:00 Title``) is not a chapter; the caller keeps it as
notes text, reports it, and goes on reading the list.
"""

from __future__ import annotations

import re

from ..model import Chapter, Origin
from ..timecode import TIME, parse_time

#: A list item's mark and its space (``* ``, ``• ``, ``- ``): ``**Name**`` has none.
BULLET = re.compile(r"^\s*[*\u2022-]\s+")
_HEAD = re.compile(rf"^[\[(]?(?P<time>{TIME})[\])]?(?::|\s+[-\u2013\u2014|\u00b7])?\s+(?P<rest>\S.*)$")
#: Any time-like start of a line, well formed or not.
_LOOSE_HEAD = re.compile(r"^[\[(]?\d{1,3}(?::\d{1,3}){1,2}[\])]?(?::|\s)")
#: A time glued to the text before it: ``…features12:15 How…`` or ``…solved?26:30 Products``.
_GLUED = re.compile(rf"(?<=[^\s\d:])(?P<time>{TIME})\s+(?=\S)")


def looks_like_chapter(text: str) -> bool:
    """Tell whether a line is shaped like a chapter line, whether or not its time is valid.

    >>> looks_like_chapter("* [99:99] Broken"), looks_like_chapter("Show Notes")
    (True, False)
    """
    return bool(_LOOSE_HEAD.match(BULLET.sub("", text, count=1)))


def parse_chapter_line(text: str, origin: Origin) -> list[Chapter] | None:
    """Return the chapters on one chapter-list line, or None if it is not one."""
    body = BULLET.sub("", text, count=1)
    head = _HEAD.match(body)
    if not head:
        return None
    first = parse_time(head.group("time"))
    if first is None:
        return None
    chapters: list[Chapter] = []
    start, rest = first, head.group("rest")
    while True:
        for glued in _GLUED.finditer(rest):
            seconds = parse_time(glued.group("time"))
            title = rest[: glued.start()].strip()
            if seconds is None or seconds <= start or not title:
                continue
            chapters.append(Chapter(start=start, title=title, origin=origin))
            start, rest = seconds, rest[glued.end():]
            break
        else:
            chapters.append(Chapter(start=start, title=rest.strip(), origin=origin))
            return chapters

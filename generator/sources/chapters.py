"""Chapters a feed gives: Podcasting 2.0 JSON chapters files and Podlove Simple Chapters.

* **JSON chapters** (``<podcast:chapters type="application/json+chapters">``):
  ``{"version", "chapters": [{"startTime", "title", "url", "toc"}]}``, times in
  seconds. A chapter with ``"toc": false`` is a silent marker (the spec: it
  "should not display visibly"), and one without a title has nothing to show;
  both are left out.
* **Podlove Simple Chapters** (``<psc:chapters><psc:chapter start="00:01:02.500"
  title="…" href="…"/>``), times in Normal Play Time: ``[[HH:]MM:]SS[.mmm]``.

Chapters written in the show notes are read by the dump's own parser
(:mod:`generator.parse.chapters`); a feed's chapters file, where there is one,
is preferred to them.
"""

from __future__ import annotations

import json
import re

from ..errors import InputError
from ..model import Chapter, Origin

_NPT = re.compile(r"^(?:(?:(?P<h>\d+):)?(?P<m>\d{1,2}):)?(?P<s>\d{1,2}(?:\.\d+)?)$")


def read_json(text: str, path: str, holds: str) -> list:
    """Return the list under ``holds`` of a JSON file (chapters, transcript segments); refuse anything else."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    found = data.get(holds) if isinstance(data, dict) else None
    if not isinstance(found, list):
        raise InputError(f"{path}: expected a JSON object with a {holds!r} list")
    return found


def read_json_chapters(text: str, path: str) -> list[Chapter]:
    """Read a JSON chapters file into chapters in time order."""
    items = read_json(text, path, "chapters")
    chapters = []
    for number, item in enumerate(items, 1):
        start = item.get("startTime") if isinstance(item, dict) else None
        if not isinstance(start, (int, float)) or start < 0:
            raise InputError(f"{path}: chapter {number} needs a 'startTime' in seconds")
        title = item.get("title")
        if item.get("toc") is False or not isinstance(title, str) or not title.strip():
            continue
        chapters.append(Chapter(start=int(start), title=" ".join(title.split()), origin=Origin(path, number)))
    return sorted(chapters, key=lambda c: c.start)


def npt_seconds(text: str) -> int | None:
    """Whole seconds of a Normal Play Time value, or None when it is not one.

    >>> npt_seconds("00:01:02.500"), npt_seconds("01:02"), npt_seconds("62"), npt_seconds("1:2:3:4")
    (62, 62, 62, None)
    """
    match = _NPT.match(text.strip())
    if not match:
        return None
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(float(match["s"]))

"""Parse show notes into blocks: paragraphs, headings, bullets and link lines.

Rules:

* ``* text`` is a bullet; a bullet with no text is dropped (the page's nested
  lists left empty ones behind).
* ``Label: https://…`` is a link line: the label and its URL.
* A short line (at most ten words) that starts with a capital or a digit and
  ends without punctuation is a heading (``Synthetic Data``, ``Show Notes``),
  unless it was a link label on the page (``Full Talk on YouTube``), which stays
  a paragraph.
* Everything else is a paragraph, one per line.
"""

from __future__ import annotations

import re

from ..config import SourceProfile
from ..model import Line, NoteBlock

_BULLET = re.compile(r"^\s*\*(?:\s+(?P<text>.*))?$")
_LINK_LINE = re.compile(r"^(?P<label>[^:]{1,80}):\s+(?P<url>https?://\S+)\s*$")
MAX_HEADING_WORDS = 10


def parse_notes(lines: list[Line], profile: SourceProfile) -> list[NoteBlock]:
    """Turn notes lines into blocks, keeping each line's origin."""
    blocks: list[NoteBlock] = []
    for line in lines:
        text = line.text.strip()
        bullet = _BULLET.match(text)
        if bullet:
            body = (bullet.group("text") or "").strip()
            if body:
                blocks.append(NoteBlock("bullet", body, line.origin, _url_of(body)))
            continue
        link = _LINK_LINE.match(text)
        if link:
            blocks.append(NoteBlock("link", link.group("label").strip(), line.origin, link.group("url")))
        elif _is_heading(text, profile):
            blocks.append(NoteBlock("heading", text, line.origin))
        else:
            blocks.append(NoteBlock("paragraph", text, line.origin))
    return blocks


_BARE_URL = re.compile(r"^https?://\S+$")


def _url_of(text: str) -> str | None:
    """The URL a bullet gives: a link line's (``Label: https://…``), or the bullet's own when it is only a URL."""
    link = _LINK_LINE.match(text)
    if link:
        return link.group("url")
    return text if _BARE_URL.match(text) else None


def _is_heading(text: str, profile: SourceProfile) -> bool:
    """Tell whether a notes line reads as a section heading.

    >>> from generator.profiles import load_profile
    >>> _is_heading("Synthetic Data", load_profile("latent-space-app"))
    True
    >>> _is_heading("Please like and subscribe!", load_profile("latent-space-app"))
    False
    >>> _is_heading("Full Talk on YouTube", load_profile("latent-space-app"))
    False
    """
    words = text.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and text[-1] not in ".!?,;:…)\u201d\"'"
        and not profile.link_label.match(text)
        and "http" not in text
    )

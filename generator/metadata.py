"""The episode metadata file: facts the scrapes lack, and the frozen URL of each episode.

``input/episodes.yml`` holds one entry per known episode::

    - match: The State of LLM Agents     # a phrase from the show notes that recognises it
      title: 2024 in Agents [LS Live! @ NeurIPS 2024]
      date: 2024-12-25                   # blank when unknown
      slug: 2024-in-agents-ls-live-neurips-2024   # frozen once published
      series: Latent Space LIVE! @ NeurIPS 2024   # optional
      audio: https://example.org/ep.mp3  # optional: the audio file, where one is published
      guid: https://example.org/?p=42    # optional: the feed item's guid; with it, 'match' may be left out

Every problem in the file is collected and reported together, by entry and field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .yamlfile import entry_lines, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {"match", "title", "date", "slug", "series", "audio", "guid"}


@dataclass(frozen=True)
class EpisodeMeta:
    """One entry of the metadata file."""

    match: str
    slug: str
    title: str | None = None
    date: str | None = None
    series: str | None = None
    #: URL of the episode's audio file (http or https), where one is published.
    audio: str | None = None
    line: int = 0
    #: The guid of the feed item that is this episode; a feed item is known by it first.
    guid: str | None = None


def load_metadata(path: Path) -> list[EpisodeMeta]:
    """Read and validate the metadata file; a missing file means no metadata."""
    if not path.exists():
        return []
    text, data = read_yaml(path)
    entries = (data or {}).get("episodes", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError([f"{path}: expected a mapping with an 'episodes' list"])
    lines = entry_lines(text)
    problems: list[str] = []
    metas: list[EpisodeMeta] = []
    slugs: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        where = f"{path}:{lines[number - 1] if number <= len(lines) else '?'}: episode {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        unknown = set(entry) - FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        match = entry.get("match")
        slug = entry.get("slug")
        guid = entry.get("guid")
        if guid is not None and (not isinstance(guid, (str, int)) or not str(guid).strip()):
            problems.append(f"{where}: 'guid' must be the feed item's guid, got {guid!r}")
            guid = None
        if guid is not None and match is None:
            match = ""
        if not isinstance(match, str) or not (match.strip() or guid is not None):
            problems.append(f"{where}: 'match' must be a phrase from the show notes (or give the feed item's 'guid')")
        if not isinstance(slug, str) or not SLUG.match(slug):
            problems.append(f"{where}: 'slug' must be lowercase words joined by '-', got {slug!r}")
        elif slug in slugs:
            problems.append(f"{where}: slug {slug!r} is already used by episode {slugs[slug]}")
        else:
            slugs[slug] = number
        date = entry.get("date")
        if isinstance(date, dt.date):
            date = date.isoformat()
        elif date not in (None, ""):
            try:
                date = dt.date.fromisoformat(str(date)).isoformat()
            except ValueError:
                problems.append(f"{where}: 'date' must be YYYY-MM-DD or blank, got {date!r}")
                date = None
        audio = entry.get("audio")
        if audio not in (None, "") and not (isinstance(audio, str) and re.match(r"^https?://\S+$", audio.strip())):
            problems.append(f"{where}: 'audio' must be an http(s) URL of the audio file, got {audio!r}")
            audio = None
        title = entry.get("title")
        if title is not None and not isinstance(title, str):
            title = str(title)
        if isinstance(match, str) and isinstance(slug, str):
            metas.append(
                EpisodeMeta(
                    match=match.strip(),
                    slug=slug,
                    title=(title or "").strip() or None,
                    date=date or None,
                    series=(entry.get("series") or None),
                    audio=(audio or "").strip() or None,
                    line=lines[number - 1] if number <= len(lines) else 0,
                    guid=str(guid).strip() if guid is not None else None,
                )
            )
    if problems:
        raise ConfigError(problems)
    return metas


AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg",
               ".oga": "audio/ogg", ".opus": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac", ".webm": "audio/webm"}


def audio_type(url: str) -> str:
    """Guess an audio file's media type from its URL's extension (MP3 when it says nothing).

    >>> audio_type("https://cdn.example.org/ep/42.m4a?x=1")
    'audio/mp4'
    >>> audio_type("https://cdn.example.org/ep/42")
    'audio/mpeg'
    """
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    suffix = path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""
    return AUDIO_TYPES.get(suffix, "audio/mpeg")


def load_spoken_names(path: Path) -> dict[str, tuple[str, ...]]:
    """Read the spellings speech-to-text gives names the show notes write otherwise.

    ``input/spoken-names.yml`` maps a name as the notes write it to the
    spellings heard in transcripts (``SWE-bench: [SweetBench]``); a missing file
    means none. The reading list finds an item's moments under these spellings
    too, written with their capital as given.
    """
    if not path.exists():
        return {}
    _, data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError([f"{path}: expected a mapping of names to the spellings heard"])
    problems: list[str] = []
    names: dict[str, tuple[str, ...]] = {}
    for name, heard in data.items():
        spellings = [heard] if isinstance(heard, str) else heard
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{path}: {name!r}: a name must be text")
        elif not isinstance(spellings, list) or not spellings or not all(isinstance(h, str) and h.strip() for h in spellings):
            problems.append(f"{path}: {name!r}: expected a spelling or a list of spellings, got {heard!r}")
        else:
            names[name.strip()] = tuple(h.strip() for h in spellings)
    if problems:
        raise ConfigError(problems)
    return names

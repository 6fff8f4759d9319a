"""The sources file: which podcast feeds the site follows.

``input/sources.yml`` lists feeds (its own header says the same for editors)::

    feeds:
      - name: my-show                  # folder under input/feeds/; lowercase words joined by '-'
        url: https://example.org/feed.xml
        transcripts: feed              # feed | post-page | none
        profile: latent-space-app      # optional: the source profile for this show's pages

``transcripts`` says where an item's transcript comes from: ``feed`` — the
item's ``podcast:transcript`` tags; ``post-page`` — the page the item's
``<link>`` points to holds it (as on Substack), read with the HTML reader;
``none`` — the site shows no transcript for this feed.

Every problem in the file is collected and reported together, by entry and field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import Config, SourceProfile
from .errors import ConfigError
from .profiles import available, load_profile
from .yamlfile import entry_lines, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TRANSCRIPTS = ("feed", "post-page", "none")
FIELDS = {"name", "url", "transcripts", "profile"}
HEADER = """# Podcast feeds this site follows. `python -m generator update` fetches each one and
# stores what it fetched under input/feeds/<name>/; `python -m generator build` reads those
# stored files and never the network. Add a feed with `python -m generator update --feed URL`,
# or by hand:
#
#   feeds:
#     - name: my-show                    # folder under input/feeds/: lowercase words joined by '-'
#       url: https://example.org/feed.xml
#       transcripts: feed                # where transcripts come from:
#                                        #   feed      - the items' podcast:transcript tags
#                                        #   post-page - the page each item's <link> points to
#                                        #               (Substack puts transcripts there)
#                                        #   none      - no transcripts
#       profile: latent-space-app        # optional: the source profile of the show's pages
#
# An item that is an episode already on the site (the same guid, or the same title as an
# entry of input/episodes.yml) merges into that episode: its URL and #t= anchors never move.

feeds:
"""


@dataclass(frozen=True)
class FeedSource:
    """One entry of the sources file."""

    name: str
    url: str
    transcripts: str = "feed"
    profile: str | None = None
    line: int = 0


def feeds_dir(sources: Path) -> Path:
    """Where fetched feeds are stored: ``feeds/`` beside the sources file."""
    return sources.parent / "feeds"


def profile_for(source: FeedSource, config: Config) -> SourceProfile:
    """The source profile a feed's pages are read with.

    The one place a profile name is resolved: a source that names one is read
    with that profile (``generator/profiles/<name>.yml``), any other with the
    configured profile.
    """
    return load_profile(source.profile) if source.profile else config.profile


def _known_profile(name: str) -> bool:
    """A shipped profile's name, or the path of a profile file of the maintainer's own."""
    return name in available() or (Path(name).suffix.lower() in (".yml", ".yaml") and Path(name).is_file())


def load_sources(path: Path) -> list[FeedSource]:
    """Read and validate the sources file; a missing file means no feeds."""
    if not path.exists():
        return []
    text, data = read_yaml(path)
    data = {} if data is None else data
    if not isinstance(data, dict) or not isinstance(data.get("feeds") or [], list):
        raise ConfigError([f"{path}: expected a mapping with a 'feeds' list"])
    entries = data.get("feeds") or []
    lines = entry_lines(text)
    problems: list[str] = []
    sources: list[FeedSource] = []
    names: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        line = lines[number - 1] if number <= len(lines) else 0
        where = f"{path}:{line or '?'}: feed {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping with 'name' and 'url'")
            continue
        unknown = set(entry) - FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        name, url = entry.get("name"), entry.get("url")
        transcripts = entry.get("transcripts", "feed")
        profile = entry.get("profile")
        if not isinstance(name, str) or not SLUG.match(name):
            problems.append(f"{where}: 'name' must be lowercase words joined by '-', got {name!r}")
        elif name in names:
            problems.append(f"{where}: name {name!r} is already used by feed {names[name]}")
        else:
            names[name] = number
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url.strip()):
            problems.append(f"{where}: 'url' must be the feed's http(s) URL, got {url!r}")
        if transcripts not in TRANSCRIPTS:
            problems.append(f"{where}: 'transcripts' must be one of {', '.join(TRANSCRIPTS)}, got {transcripts!r}")
        if profile is not None and (not isinstance(profile, str) or not profile.strip()):
            problems.append(f"{where}: 'profile' must be a profile's name, got {profile!r}")
        elif profile is not None and not _known_profile(profile.strip()):
            problems.append(f"{where}: no source profile {profile!r}; shipped profiles: {', '.join(available())}")
        if not problems:
            sources.append(FeedSource(name, url.strip(), transcripts, profile.strip() if profile else None, line))
    if problems:
        raise ConfigError(problems)
    return sources


def with_source(text: str, source: FeedSource, path: Path) -> str:
    """Return the sources file's text with a feed appended, comments kept; check it reads back."""
    if not text.strip():
        text = HEADER
    quoted = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    entry = f"  - name: {source.name}\n    url: {quoted(source.url)}\n    transcripts: {source.transcripts}\n"
    if source.profile:
        entry += f"    profile: {quoted(source.profile)}\n"
    body = text.rstrip("\n")
    # An empty list written inline (`feeds: []`) becomes a block list.
    body = re.sub(r"(?m)^feeds:\s*\[\]\s*$", "feeds:", body)
    updated = body + "\n" + entry
    before = len((yaml.safe_load(text) or {}).get("feeds") or [])
    try:
        after = len((yaml.safe_load(updated) or {}).get("feeds") or [])
    except (yaml.YAMLError, AttributeError) as exc:
        raise ConfigError([f"{path}: adding the feed would make it invalid; add it by hand"]) from exc
    if after != before + 1:
        raise ConfigError([f"{path}: its 'feeds' list does not end the file, so a feed cannot be appended; add it by hand"])
    return updated

"""Source profiles: what is particular to one source, as data files in this folder.

A profile names the line that ends an episode in a listing dump, the page's
own words (chrome), the line that marks a truncated description, the headings
of chapter lists and transcripts, and the notes lines that were link labels.
``load_profile("latent-space-app")`` reads ``latent-space-app.yml`` here; a
path to a YAML file works too. Every problem in a profile is reported by file
and field before anything is read with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..config import SourceProfile
from ..errors import ConfigError

PROFILES = Path(__file__).resolve().parent
FIELDS = {"name", "separator", "truncation_line", "chrome_lines", "chapter_headings", "transcript_headings", "transcript_words", "link_label"}


def available() -> list[str]:
    """Name every profile shipped with the generator."""
    return sorted(path.stem for path in PROFILES.glob("*.yml"))


def load_profile(name: str) -> SourceProfile:
    """Read the profile called ``name`` (a file in this folder) or stored at the path ``name``."""
    path = Path(name)
    if path.suffix.lower() not in (".yml", ".yaml"):
        path = PROFILES / f"{name}.yml"
    if not path.is_file():
        raise ConfigError([f"no source profile {name!r}; shipped profiles: {', '.join(available())}"])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc
    return profile_from(data, str(path))


def profile_from(data: object, where: str) -> SourceProfile:
    """Build a profile from parsed YAML, collecting every problem before one error."""
    if not isinstance(data, dict):
        raise ConfigError([f"{where}: expected a mapping of profile fields"])
    problems = [f"{where}: unknown field {key!r}" for key in sorted(set(data) - FIELDS)]
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: 'name' must name the profile")
    separator = _pattern(data, "separator", where, problems, required=True)
    if separator is not None and "chrome" not in separator.groupindex:
        problems.append(f"{where}: 'separator' needs a group (?P<chrome>…) for the text after the blurb")
    link_label = _pattern(data, "link_label", where, problems)
    lists = {key: _words(data, key, where, problems) for key in ("chrome_lines", "chapter_headings", "transcript_headings", "transcript_words")}
    truncation = data.get("truncation_line", "")
    if not isinstance(truncation, str):
        problems.append(f"{where}: 'truncation_line' must be text")
    if problems:
        raise ConfigError(problems)
    return SourceProfile(
        name=name,
        separator=separator,
        chrome_lines=frozenset(lists["chrome_lines"]),
        truncation_line=truncation,
        chapter_headings=frozenset(h.casefold() for h in lists["chapter_headings"]),
        transcript_headings=frozenset(h.casefold() for h in lists["transcript_headings"]),
        transcript_words=frozenset(w.casefold() for w in lists["transcript_words"]),
        link_label=link_label or SourceProfile.link_label,
    )


def _pattern(data: dict, key: str, where: str, problems: list[str], required: bool = False) -> re.Pattern | None:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{where}: '{key}' is required (a regular expression)")
        return None
    try:
        return re.compile(str(value), re.IGNORECASE if key == "link_label" else 0)
    except re.error as exc:
        problems.append(f"{where}: '{key}' is not a valid regular expression: {exc}")
        return None


def _words(data: dict, key: str, where: str, problems: list[str]) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: '{key}' must be a list of non-empty lines")
        return []
    return [v.strip() for v in value]

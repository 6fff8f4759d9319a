"""``python -m generator add PATH``: take a new scrape or saved page into the input folder.

The new input is checked first, together with the inputs already there, and
nothing is written unless every check passes:

1. it decodes, splits into at least one episode, and every episode parses
   into something (notes, chapters or transcript);
2. every new episode can be recognised later: some opening words of its notes
   name it and no other episode (they become its ``match`` phrase);
3. its dated name (``YYYY-MM-DD_<name>``) is free and sorts after every other
   input, because inputs are taken in file-name order, a later name being a
   later scrape.

Then it is copied under that name, a metadata entry is appended for each new
episode (match phrase, derived title, the page's date or blank, and the slug,
which freezes the URL), and what it adds and changes is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .config import Config
from .errors import ConfigError, InputError
from .identity import normalise, notes_text
from .model import LOST, Episode
from .parse import Parsed
from .pipeline import Site, display_path, load_site

#: Fewest and most words of a generated match phrase.
PHRASE_WORDS = (8, 20)
METADATA_HEADER = """# Episode metadata: the facts the scrapes lack, and each episode's frozen URL.
# See docs/maintainers/adding-episodes.md.

episodes:
"""


@dataclass(frozen=True)
class NewEntry:
    """A metadata entry for an episode the new input adds."""

    match: str
    title: str
    slug: str
    date: str | None = None
    #: The feed item's guid, for an episode that came from a feed (then ``match`` may be empty).
    guid: str | None = None

    def yaml(self, indent: str) -> str:
        """The entry as YAML lines; strings are JSON-quoted, which YAML reads as written."""
        quoted = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
        first = f"match: {quoted(self.match)}" if self.match else f"guid: {quoted(self.guid)}"
        return (
            f"{indent}- {first}\n"
            + (f"{indent}  guid: {quoted(self.guid)}\n" if self.guid and self.match else "")
            + f"{indent}  title: {quoted(self.title)}\n"
            f"{indent}  date:{' ' + self.date if self.date else ''}\n"
            f"{indent}  slug: {self.slug}\n"
        )


@dataclass(frozen=True)
class Plan:
    """What adding an input will do, worked out before anything is written."""

    source: Path
    target: Path
    site: Site
    entries: tuple[NewEntry, ...]
    metadata_text: str


def cmd_add(args: argparse.Namespace) -> int:
    """Check a new input, copy it into the input folder, freeze its new episodes' URLs, and report."""
    config = Config()
    input_dir = Path(args.input_dir) if args.input_dir else config.inputs[0]
    metadata = Path(args.metadata) if args.metadata else config.metadata
    try:
        plan = plan_add(Path(args.path), input_dir, metadata, config, dt.date.today())
    except (InputError, ConfigError) as exc:
        print(f"add refused, nothing written: {exc}", file=sys.stderr)
        return 1
    apply_plan(plan, metadata)
    for line in report_lines(plan):
        print(line)
    return 0


def plan_add(source: Path, input_dir: Path, metadata: Path, config: Config, today: dt.date) -> Plan:
    """Check the new input against the input folder and work out every write; raise InputError to refuse."""
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    suffix = source.suffix.lower()
    if suffix not in {".txt", ".html", ".htm"}:
        raise InputError(f"{source}: expected a text dump (.txt) or a saved page (.html, .htm), got {suffix or 'no suffix'!r}")
    existing = [p for p in Config(inputs=(input_dir,)).input_files()] if input_dir.is_dir() else []
    data = source.read_bytes()
    for path in existing:
        if path.read_bytes() == data:
            raise InputError(f"{source}: already in the input folder as {path}")
    site = load_site(replace(config, inputs=(*existing, source), metadata=metadata))
    _check_new_input(site, source)
    target = input_dir / _dated_name(source.name, today, _names(input_dir))
    later = [p.name for p in existing if p.name > target.name]
    if later:
        raise InputError(
            f"{source}: would be saved as {target.name}, which sorts before {', '.join(later)}; inputs are taken "
            "in file-name order (a later name is a later scrape), so rename the new file to sort after them"
        )
    new = [e for e in site.episodes if site.changes.get(e.slug) == "new"]
    parsed_of = {p.origin: p for p in site.parsed}
    every_notes = [notes_text(p) for p in site.parsed]
    entries = tuple(_entry(episode, parsed_of[episode.origin], every_notes) for episode in new)
    text = metadata.read_text(encoding="utf-8") if metadata.exists() else ""
    updated = with_entries(text, entries, metadata)
    return Plan(source, target, site, entries, updated)


def apply_plan(plan: Plan, metadata: Path) -> None:
    """Copy the input under its dated name (never over a file), then write the metadata file."""
    plan.target.parent.mkdir(parents=True, exist_ok=True)
    with plan.source.open("rb") as src, plan.target.open("xb") as dst:
        shutil.copyfileobj(src, dst)
    if plan.entries:
        tmp = metadata.with_name(metadata.name + ".tmp")
        tmp.write_text(plan.metadata_text, encoding="utf-8")
        tmp.replace(metadata)


def report_lines(plan: Plan) -> list[str]:
    """What the new input adds and changes, for the maintainer."""
    site = plan.site
    counts = {kind: sum(1 for k in site.changes.values() if k == kind) for kind in ("new", "changed", "unchanged")}
    held = site.inputs[-1].episodes
    out = [
        f"{plan.source}: {held} episodes; the site will have {len(site.episodes)}: "
        f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged",
    ]
    by_slug = {e.slug: e for e in site.episodes}
    for entry in plan.entries:
        out.append(f"  new      {entry.slug}  “{entry.title}”  ({by_slug[entry.slug].origin})")
    for slug, kind in site.changes.items():
        if kind == "changed":
            out.append(f"  changed  {slug}  ({site.change_notes.get(slug, '')})")
    for slug, kind in site.changes.items():
        if kind == "unchanged" and slug in site.change_notes:
            out.append(f"  kept     {slug}  ({site.change_notes[slug]})")
    # The entries written now settle the "no metadata entry" and "no title" warnings of new episodes.
    settled = {entry.slug for entry in plan.entries}
    found = [
        w
        for w in site.warnings
        if w.origin and w.origin.path == site.inputs[-1].path
        and not (w.episode in settled and w.message.startswith(("no metadata entry", "no title in the metadata")))
    ]
    for warning in found[:20]:
        out.append(f"  warning: {warning}")
    if len(found) > 20:
        out.append(f"  … and {len(found) - 20} more warnings about this input")
    out.append(f"copied to {display_path(plan.target)}")
    if plan.entries:
        out.append(
            f"appended {len(plan.entries)} entries to the metadata file: check each title, add dates, and "
            "change a slug only before the episode is first published"
        )
    out.append("next: make site (or python -m generator build), then commit the input and the metadata file")
    return out


def _check_new_input(site: Site, source: Path) -> None:
    """Refuse an input that cannot be read or whose episodes hold nothing."""
    mine = [e for e in site.errors if str(source) in e]
    if mine:
        raise InputError(mine[0])
    report = next(r for r in site.inputs if r.path == display_path(source))
    if report.episodes == 0:
        raise InputError(f"{report.path}: no episode found (is this a listing dump or a saved episode page?)")
    empty = [
        p for p in site.parsed if p.origin.path == report.path and not (p.notes or p.chapters or p.segments)
    ]
    if empty:
        first = empty[0]
        raise InputError(f"{first.origin}: episode {first.raw.index + 1} holds no notes, chapters or transcript")


def _entry(episode: Episode, parsed: Parsed, notes_of_all: list[str]) -> NewEntry:
    """The metadata entry of a new episode: a phrase only its notes hold, and its derived identity."""
    mine = notes_text(parsed)
    others = [text for text in notes_of_all if text != mine]
    for block in parsed.notes:
        words = block.text.replace(LOST, " ").split()
        for count in range(PHRASE_WORDS[0], min(len(words), PHRASE_WORDS[1]) + 1):
            phrase = re.sub(r"[\s,;:.!?–—-]+$", "", " ".join(words[:count]))
            key = normalise(phrase)
            if len(phrase.split()) >= PHRASE_WORDS[0] and key in mine and not any(key in text for text in others):
                return NewEntry(match=phrase, title=episode.title, slug=episode.slug, date=episode.date)
    raise InputError(
        f"{episode.origin}: episode {episode.slug!r} has no opening words in its notes that no other episode "
        "shares, so a later scrape could not be matched to it; add its metadata entry by hand"
    )


def with_entries(text: str, entries: tuple[NewEntry, ...], path: Path) -> str:
    """Append entries to the metadata text, keeping its comments; check the result reads back."""
    if not entries:
        return text
    if not text.strip():
        text = METADATA_HEADER
    indent = next((m.group(1) for m in re.finditer(r"(?m)^(\s*)- match:", text)), "  ")
    updated = text.rstrip("\n") + "\n" + "".join(entry.yaml(indent) for entry in entries)
    try:
        data = yaml.safe_load(updated)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: appending the new entries would make it invalid YAML ({exc}); add them by hand"]) from exc
    before = (yaml.safe_load(text) or {}).get("episodes") or []
    after = (data or {}).get("episodes") or [] if isinstance(data, dict) else []
    if len(after) != len(before) + len(entries):
        raise ConfigError([f"{path}: its 'episodes' list does not end the file, so entries cannot be appended; add them by hand"])
    return updated


def _dated_name(name: str, today: dt.date, taken: set[str]) -> str:
    """``YYYY-MM-DD_<name>``, with ``-2``, ``-3`` before the suffix when taken.

    >>> _dated_name("scrape.txt", dt.date(2025, 1, 6), {"2025-01-06_scrape.txt"})
    '2025-01-06_scrape-2.txt'
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate = f"{today.isoformat()}_{name}"
    number = 2
    while candidate in taken:
        candidate = f"{today.isoformat()}_{stem}-{number}{suffix}"
        number += 1
    return candidate


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()

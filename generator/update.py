"""``python -m generator update [--feed URL ...]``: fetch the feeds the site follows and store them.

1. With ``--feed``, the feed is fetched and checked, then added to the sources
   file (its name from ``--name`` or the channel's title).
2. Every feed of the sources file is fetched (conditionally: an unchanged feed
   costs one ``304``), checked with the same reader the build uses, and stored
   under ``input/feeds/<name>/``. For each item, the files it references that
   are not stored yet are fetched and checked too: its transcript
   (``transcripts: feed``; the most preferred format that can be read), its
   JSON chapters, or its post page (``transcripts: post-page``).
3. New episodes get a metadata entry (guid, title, date, slug), which freezes
   their URL, as ``add`` does for a scrape.

Every file is written whole or not at all (a temporary file, then
``os.replace``), and only when its bytes change, so ``git diff`` shows exactly
what the feed changed. A feed that cannot be fetched or read leaves its stored
files as they were. A transcript or chapters file that fails is reported and
tried again next time; the episode is published without it meanwhile.

Exit status: 0 when every feed was fetched, 1 when any failed (each failure
names the URL and the reason), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .add import NewEntry, with_entries
from .config import Config
from .errors import ConfigError, InputError
from .fetch import FetchError, Limits, Validators, fetch
from .identity import slugify
from .metadata import load_metadata
from .pipeline import display_path, load_site
from .sources.chapters import read_json_chapters
from .sources.feed import Attachment, Feed, FeedItem, read_feed
from .sources.read import decode_bytes
from .sources.stored import CHAPTERS_FILE, FEED_FILE, HISTORY, ITEMS, PAGE_FILE, VALIDATORS_FILE, transcript_files
from .sources.transcripts import PREFERENCE, SUFFIX, format_of, read_transcript
from .sourcesfile import FeedSource, feeds_dir, load_sources, with_source


@dataclass
class SourceReport:
    """What updating one feed did."""

    source: FeedSource
    new: list[FeedItem] = field(default_factory=list)
    changed: list[FeedItem] = field(default_factory=list)
    unchanged: list[FeedItem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def cmd_update(args: argparse.Namespace) -> int:
    """Add feeds given with --feed, fetch every feed, store what changed, and report."""
    config = Config()
    if args.sources:
        config = replace(config, sources=Path(args.sources))
    if args.metadata:
        config = replace(config, metadata=Path(args.metadata))
    if args.name and len(args.feed or []) != 1:
        print("error: --name names one feed; give exactly one --feed with it", file=sys.stderr)
        return 2
    return run_update(config, args.feed or [], name=args.name, transcripts=args.transcripts)


def run_update(
    config: Config,
    new_feeds: list[str],
    name: str | None = None,
    transcripts: str = "feed",
    limits: Limits | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Do what ``update`` does; print to ``out``; return the exit status."""
    limits = limits or Limits()
    failed = False
    try:
        sources = load_sources(config.sources)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=out)
        return 1
    for url in new_feeds:
        if any(s.url == url for s in sources):
            print(f"{url}: already in {display_path(config.sources)}", file=out)
            continue
        try:
            sources.append(add_feed(config.sources, url, name, transcripts, sources, limits))
        except (FetchError, InputError, ConfigError) as exc:
            print(f"error: not added: {exc}", file=out)
            failed = True
            continue
        print(f"added {url} to {display_path(config.sources)} as {sources[-1].name!r}", file=out)
    reports = [update_source(source, feeds_dir(config.sources) / source.name, limits) for source in sources]
    for report in reports:
        for line in report_lines(report):
            print(line, file=out)
        failed = failed or report.error is not None
    if any(report.new or report.changed for report in reports) or new_feeds:
        try:
            freeze_new_episodes(config, out)
        except (InputError, ConfigError) as exc:
            print(f"error: the stored feeds do not build: {exc}", file=out)
            failed = True
    if not sources:
        print(f"no feeds in {display_path(config.sources)}; add one with `python -m generator update --feed URL`", file=out)
    return 1 if failed else 0


def add_feed(path: Path, url: str, name: str | None, transcripts: str, sources: list[FeedSource], limits: Limits) -> FeedSource:
    """Fetch and check a new feed, then append it to the sources file; return its entry."""
    response = fetch(url, None, limits)
    feed = read_feed(response.body or b"", url)
    taken = {s.name for s in sources}
    chosen = name or slugify(feed.title or url, 40)
    if name and name in taken:
        raise ConfigError([f"{path}: the name {name!r} is already used by another feed"])
    unique, number = chosen, 2
    while unique in taken:
        unique, number = f"{chosen}-{number}", number + 1
    source = FeedSource(unique, url, transcripts)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    write_atomic(path, with_source(text, source, path).encode("utf-8"))
    return source


def update_source(source: FeedSource, folder: Path, limits: Limits) -> SourceReport:
    """Fetch one feed and the files its items reference; store what changed."""
    report = SourceReport(source)
    validators = _load_validators(folder)
    stored_path = folder / FEED_FILE
    old = _old_feed(stored_path)
    try:
        response = fetch(source.url, _validators(validators, source.url) if stored_path.exists() else None, limits)
        body = stored_path.read_bytes() if response.not_modified else response.body
        feed = read_feed(body, source.url)
    except (FetchError, InputError) as exc:
        report.error = f"{exc}; the stored files are kept as they were"
        return report
    report.warnings += [str(w) for w in feed.warnings]
    if not response.not_modified:
        validators[source.url] = _as_dict(response.validators)
    for item in feed.items:
        before = old.get(item.guid)
        added = fetch_item_files(item, folder / ITEMS / item.id, source, feed, limits, report)
        if before is None:
            report.new.append(item)
        elif _summary(before) != _summary(item) or added:
            report.changed.append(item)
        else:
            report.unchanged.append(item)
    dropped = [guid for guid in old if guid not in {item.guid for item in feed.items}]
    if dropped:
        # The feed no longer lists some items; their pages stay, read from the copy that did.
        digest = hashlib.sha256(stored_path.read_bytes()).hexdigest()[:12]
        kept = folder / HISTORY / f"{dt.date.today().isoformat()}-{digest}.xml"
        if _store(kept, stored_path.read_bytes(), report):
            report.warnings.append(f"{len(dropped)} item(s) left the feed; their pages stay, read from {kept.name} in {HISTORY}/")
    if write_atomic(stored_path, body):
        report.written.append(stored_path)
    if write_atomic(folder / VALIDATORS_FILE, (json.dumps(validators, indent=2, sort_keys=True) + "\n").encode("utf-8")):
        report.written.append(folder / VALIDATORS_FILE)
    return report


def fetch_item_files(
    item: FeedItem,
    folder: Path,
    source: FeedSource,
    feed: Feed,
    limits: Limits,
    report: SourceReport,
) -> bool:
    """Fetch what the item references and is not stored yet; return whether anything was stored."""
    wrote = False
    if source.transcripts == "feed" and item.transcripts and not transcript_files(folder):
        for attachment in ordered_transcripts(item.transcripts, feed.language):
            kind = format_of(attachment.type)
            body = _fetch_checked(attachment.url, item, limits, report, lambda text, where, k=kind: read_transcript(text, k, where))
            if body is not None:
                wrote |= _store(folder / f"transcript{SUFFIX[kind]}", body, report)
                break
    if item.chapters and not (folder / CHAPTERS_FILE).exists():
        body = _fetch_checked(item.chapters.url, item, limits, report, read_json_chapters)
        if body is not None:
            wrote |= _store(folder / CHAPTERS_FILE, body, report)
    if source.transcripts == "post-page" and not (folder / PAGE_FILE).exists():
        if not item.link:
            report.warnings.append(f"{item.title!r}: no <link> to a post page; no transcript for it")
        else:
            body = _fetch_checked(item.link, item, limits, report, lambda text, where: None)
            if body is not None:
                wrote |= _store(folder / PAGE_FILE, body, report)
    return wrote


def ordered_transcripts(transcripts: tuple[Attachment, ...], language: str | None) -> list[Attachment]:
    """Transcripts we can read, in the order tried: the feed's language first, then by format preference.

    >>> a = [Attachment("t.srt", "application/x-subrip"), Attachment("t.vtt", "text/vtt", "de"), Attachment("t.json", "application/json")]
    >>> [t.url for t in ordered_transcripts(a, "en-us")]
    ['t.json', 't.srt', 't.vtt']
    """
    main = (language or "").split("-")[0].lower()
    readable = [t for t in transcripts if format_of(t.type)]

    def rank(t: Attachment) -> tuple[int, int]:
        same = not t.language or not main or t.language.split("-")[0].lower() == main
        return (0 if same else 1, PREFERENCE.index(format_of(t.type)))

    return sorted(readable, key=rank)


def _fetch_checked(url, item: FeedItem, limits: Limits, report: SourceReport, check) -> bytes | None:
    """Fetch a file an item references and check it reads; report and return None when not."""
    try:
        response = fetch(url, None, limits)
        text, _ = decode_bytes(response.body or b"", url)
        check(text, url)
    except (FetchError, InputError) as exc:
        report.warnings.append(f"{item.title!r}: {exc}; the episode is kept without it, tried again next update")
        return None
    return response.body


def _store(path: Path, body: bytes, report: SourceReport) -> bool:
    if write_atomic(path, body):
        report.written.append(path)
        return True
    return False


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all; skip when it already holds them. Return whether written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def freeze_new_episodes(config: Config, out: TextIO) -> None:
    """Give each feed episode's metadata entry its guid: append entries for new ones, add the guid to matched ones."""
    site = load_site(config)
    metas = load_metadata(config.metadata)
    known_guids = {m.guid for m in metas if m.guid}
    by_slug = {m.slug: m for m in metas}
    feed_episodes = [e for e in reversed(site.episodes) if e.guid and e.guid not in known_guids]
    entries = tuple(
        NewEntry(match="", title=e.title, slug=e.slug, date=e.date, guid=e.guid) for e in feed_episodes if e.slug not in by_slug
    )
    matched = {by_slug[e.slug].line: e.guid for e in feed_episodes if e.slug in by_slug and not by_slug[e.slug].guid}
    if not entries and not matched:
        return
    text = config.metadata.read_text(encoding="utf-8") if config.metadata.exists() else ""
    text = with_guids(text, matched, config.metadata)
    write_atomic(config.metadata, with_entries(text, entries, config.metadata).encode("utf-8"))
    for line, guid in sorted(matched.items()):
        print(f"known by its guid from now on: {guid!r} ({display_path(config.metadata)}:{line})", file=out)
    if not entries:
        return
    print(f"froze the URLs of {len(entries)} new episodes in {display_path(config.metadata)}:", file=out)
    for entry in entries:
        print(f"  /episodes/{entry.slug}/  “{entry.title}”", file=out)


def with_guids(text: str, guids: dict[int, str], path: Path) -> str:
    """Add ``guid:`` to the metadata entries starting on the given lines, so a later title change keeps them matched."""
    lines = text.split("\n")
    for number in sorted(guids, reverse=True):
        entry = re.match(r"^(\s*)-(\s+)", lines[number - 1]) if 0 < number <= len(lines) else None
        if not entry:
            raise ConfigError([f"{path}:{number}: expected an entry to start here; add its guid by hand"])
        indent = entry.group(1) + " " + entry.group(2)
        lines.insert(number, f"{indent}guid: {json.dumps(guids[number], ensure_ascii=False)}")
    return "\n".join(lines)


def report_lines(report: SourceReport) -> list[str]:
    """What one feed's update did, for the person or the CI log reading it."""
    source = report.source
    if report.error:
        return [f"error: {source.name}: {report.error}"]
    total = len(report.new) + len(report.changed) + len(report.unchanged)
    lines = [f"{source.name}: {total} items: {len(report.new)} new, {len(report.changed)} changed, {len(report.unchanged)} unchanged"]
    lines += [f"  new        {item.title}" for item in report.new]
    lines += [f"  changed    {item.title}" for item in report.changed]
    lines += [f"  warning: {warning}" for warning in report.warnings]
    return lines


def _summary(item: FeedItem) -> tuple:
    """What of an item shows on its page, to tell a changed item from an unchanged one."""
    chapters = tuple((c.start, c.title) for c in item.psc_chapters)
    return (item.title, item.date, item.audio, item.notes_html, item.transcripts, item.chapters, chapters)


def _old_feed(path: Path) -> dict[str, FeedItem]:
    if not path.exists():
        return {}
    try:
        return {item.guid: item for item in read_feed(path.read_bytes(), str(path)).items}
    except InputError:
        return {}


def _load_validators(folder: Path) -> dict:
    try:
        data = json.loads((folder / VALIDATORS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _validators(stored: dict, url: str) -> Validators:
    entry = stored.get(url) or {}
    return Validators(entry.get("etag"), entry.get("last_modified"))


def _as_dict(validators: Validators) -> dict:
    return {key: value for key, value in (("etag", validators.etag), ("last_modified", validators.last_modified)) if value}

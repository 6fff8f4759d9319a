"""Read every input, repair, split, parse, identify and merge: inputs in, episodes out.

Nothing here writes files. The result carries every warning and the repair
report, so ``check`` and ``build`` print the same findings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Config
from .errors import InputError
from .gcpause import pausing_collection
from .identity import (
    MATCH_WORDS,
    assign_meta,
    boilerplate_lines,
    derive_title,
    merge_key,
    normalise,
    same_opening,
    slugify,
    summarise,
)
from .metadata import EpisodeMeta, audio_type, load_metadata, load_spoken_names
from .model import Audio, Episode, Fix, Line, Origin, Warning_
from .parse import Parsed, parse_episode
from .parse.timing import with_timing
from .reading import with_reading
from .repair import repair_line
from .sources.dump import split_dump
from .sources.html import PageEpisode, attach_links, read_page, split_page
from .sources.feed import FeedItem
from .sources.read import read_input
from .sources.stored import read_stored_feed
from .sourcesfile import feeds_dir, load_sources, profile_for
from .timecode import unique_name


HTML_SUFFIXES = {".html", ".htm"}


@dataclass
class InputReport:
    """What one input file held."""

    path: str
    lines: int
    episodes: int
    chrome: list[Origin] = field(default_factory=list)


@dataclass(frozen=True)
class Version:
    """One scrape of an episode: the input it came from, parsed, its metadata entry and merge key."""

    input: int
    parsed: Parsed
    meta: EpisodeMeta | None
    key: str
    #: What a saved HTML page said about the episode (title, date), when it came from one.
    page: PageEpisode | None = None
    #: The feed item the episode was read from, when it came from a stored feed.
    item: FeedItem | None = None


@dataclass
class Site:
    """Everything the renderers need, newest episode first."""

    episodes: list[Episode]
    warnings: list[Warning_]
    inputs: list[InputReport]
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: Per slug, against the inputs before the latest one: "new", "changed" or "unchanged".
    changes: dict[str, str] = field(default_factory=dict)
    #: Per slug, what changed or what the latest scrape lacked ("notes 310 → 1,240 words").
    change_notes: dict[str, str] = field(default_factory=dict)
    input_bytes: int = 0
    parsed: list[Parsed] = field(default_factory=list, repr=False)


def repair_lines(raw_lines: list[str], path: str) -> list[Line]:
    """Repair every line, keeping its origin and what was changed."""
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, 1):
        text, fixes = repair_line(raw)
        lines.append(Line(text=text, origin=Origin(path, number), raw=raw, fixes=fixes))
    return lines


Stage = Callable[[str, float], None]


@pausing_collection
def load_site(
    config: Config, progress: Stage | None = None, identified: Callable[[list[Episode]], None] | None = None
) -> Site:
    """Run every stage up to the finished episodes.

    ``identified`` hears the talks as soon as they are known and merged, before
    their reading lists and cues are worked out (when every input could be
    read): the build starts the search index there, on the other core (the
    search pages need neither).
    """
    timings: dict[str, float] = {}
    warnings: list[Warning_] = []
    errors: list[str] = []
    reports: list[InputReport] = []
    per_input: list[list[Parsed]] = []
    pages: dict[Origin, PageEpisode] = {}
    total_bytes = 0

    def lap(stage: str, started: float) -> float:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started
        if progress:
            progress(stage, timings[stage])
        return time.perf_counter()

    metas = load_metadata(config.metadata)
    heard = load_spoken_names(config.spoken_names)
    files = config.input_files()
    items: dict[Origin, FeedItem] = {}
    # Stored feeds come first: a dump or page added later is the later scrape.
    for source in load_sources(config.sources):
        folder = feeds_dir(config.sources) / source.name
        if not folder.is_dir():
            warnings.append(Warning_(f"feed {source.name!r} is not stored yet; run `python -m generator update`", Origin(display_path(config.sources), source.line)))
            continue
        started = time.perf_counter()
        try:
            stored = read_stored_feed(folder, display_path(folder), source.transcripts, profile_for(source, config), repair_line)
        except InputError as exc:
            errors.append(str(exc))
            continue
        warnings += stored.warnings
        total_bytes += stored.bytes
        reports.append(InputReport(display_path(folder / "feed.xml"), stored.lines, len(stored.parsed)))
        per_input.append(list(stored.parsed))
        items.update((parsed.origin, item) for parsed, item in zip(stored.parsed, stored.items))
        lap("read feeds", started)
    if not files and not items:
        raise InputError(f"no input files found in {', '.join(str(p) for p in config.inputs)}")
    for path in files:
        shown = display_path(path)
        started = time.perf_counter()
        try:
            text, found = read_input(path)
        except InputError as exc:
            errors.append(str(exc))
            continue
        warnings += found
        total_bytes += len(text.encode("utf-8", "surrogatepass"))
        started = lap("read", started)
        if path.suffix.lower() in HTML_SUFFIXES:
            page = read_page(text, shown, repair_line)
            started = lap("repair", started)
            split, from_page = split_page(page, config.profile, shown)
        else:
            lines = repair_lines(text.split("\n"), shown)
            started = lap("repair", started)
            split, from_page = split_dump(lines, config.profile, shown), ()
        warnings += split.warnings
        reports.append(InputReport(shown, text.count("\n") + 1, len(split.episodes), split.chrome))
        parsed = []
        for raw in split.episodes:
            episode = parse_episode(raw, config.profile, f"episode {raw.index + 1} of {shown}")
            if from_page:
                episode = attach_links(episode, from_page[raw.index])
                pages[episode.origin] = from_page[raw.index]
            parsed.append(episode)
        per_input.append(parsed)
        lap("parse", started)

    started = time.perf_counter()
    episodes, merge_warnings, changes, change_notes = identify(per_input, metas, pages, items)
    if identified and episodes and not errors:
        identified(episodes)
    episodes = [with_timing(with_reading(episode, heard)) for episode in episodes]
    warnings += merge_warnings
    lap("identify", started)
    return Site(
        episodes=episodes,
        warnings=warnings,
        inputs=reports,
        errors=errors,
        timings=timings,
        changes=changes,
        change_notes=change_notes,
        input_bytes=total_bytes,
        parsed=[p for group in per_input for p in group],
    )


def display_path(path: Path) -> str:
    """Name a file relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def identify(
    per_input: list[list[Parsed]],
    metas: list[EpisodeMeta],
    pages: dict[Origin, PageEpisode] | None = None,
    items: dict[Origin, FeedItem] | None = None,
) -> tuple[list[Episode], list[Warning_], dict[str, str], dict[str, str]]:
    """Give each parsed episode its identity, merge re-scrapes, and order newest first.

    Inputs are taken in order; a later input is a later scrape. For an episode seen
    in several inputs, each part (notes, chapters, transcript) comes from the
    version that has the most of it. ``items`` gives the feed item of each episode
    read from a feed: it is known by its guid, or by its title as a metadata
    entry's, before any phrase. Returns the episodes (without reading lists and
    cues, which :func:`load_site` adds), the warnings, and per slug what the
    latest input changed (see :func:`_change`).
    """
    pages = pages or {}
    items = items or {}
    by_guid = {meta.guid: meta for meta in metas if meta.guid}
    by_title = {normalise(meta.title): meta for meta in metas if meta.title}
    warnings: list[Warning_] = []
    # Announcements shared by episodes of any one scrape are nobody's identity, in every scrape.
    boilerplate: set[str] = set().union(*(boilerplate_lines(parsed_list) for parsed_list in per_input))
    versions: list[Version] = []
    for input_number, parsed_list in enumerate(per_input):
        claimed = assign_meta(parsed_list, metas, boilerplate)
        for index, parsed in enumerate(parsed_list):
            key = merge_key(parsed, boilerplate)
            item = items.get(parsed.origin)
            meta = (by_guid.get(item.guid) or by_title.get(normalise(item.title))) if item else None
            versions.append(Version(input_number, parsed, meta or claimed.get(index), key, pages.get(parsed.origin), item))
    # A scrape that cut the notes before the entry's phrase is still known by its opening words.
    claimed: dict[str, list[tuple[str, EpisodeMeta]]] = {}
    for version in versions:
        if version.meta:
            claimed.setdefault(_bucket(version.key), []).append((version.key, version.meta))
    groups: dict[str, list[Version]] = {}
    unclaimed: dict[str, list[str]] = {}
    order: dict[str, tuple[int, int]] = {}
    for version in versions:
        bucket = _bucket(version.key)
        meta = version.meta or next((m for k, m in claimed.get(bucket, ()) if same_opening(k, version.key)), None)
        if meta:
            group = f"meta:{meta.slug}"
        else:
            known = unclaimed.setdefault(bucket, [])
            group = next((k for k in known if same_opening(k, version.key)), version.key)
            if group == version.key and group not in known:
                known.append(group)
        groups.setdefault(group, []).append(replace(version, meta=meta))
        # The newest scrape decides the listing order of episodes it holds.
        order[group] = (-version.input, version.parsed.raw.index)

    episodes: list[Episode] = []
    changes: dict[str, str] = {}
    change_notes: dict[str, str] = {}
    used_slugs = {meta.slug for meta in metas}
    latest = len(per_input) - 1
    for key, group in groups.items():
        if len(group) > len({version.input for version in group}):
            warnings.append(Warning_("the same episode appears twice in one input; merged", group[0].parsed.origin, key))
        meta = group[0].meta
        merged, sources = _merge_versions(group)
        page_title = next((v.page.title for v in reversed(group) if v.page and v.page.title), None)
        page_date = next((v.page.date for v in reversed(group) if v.page and v.page.date), None)
        item = next((v.item for v in reversed(group) if v.item), None)
        title = (item.title if item else None) or (meta.title if meta else None) or page_title
        derived = not title
        if derived:
            title = derive_title(merged.notes, boilerplate) or f"Untitled episode ({merged.origin})"
        if meta:
            slug = meta.slug
        else:
            slug = unique_name(slugify(title), used_slugs)
        if derived:
            warnings.append(Warning_(f"no title in the metadata file; derived {title!r}", merged.origin, slug))
        if not meta:
            warnings.append(
                Warning_(
                    f"no metadata entry; URL /episodes/{slug}/ is derived, not frozen "
                    "(add an entry to the metadata file, or use `python -m generator add`)",
                    merged.origin,
                    slug,
                )
            )
        changes[slug], note = _change(group, latest)
        if note:
            change_notes[slug] = note
        warnings += _episode_warnings(sources, slug)
        date = (item.date if item else None) or (meta.date if meta else None) or page_date
        episode = _episode(key, slug, title, derived, meta, date, merged, sources, item)
        episodes.append(replace(episode, summary=summarise(merged.notes, boilerplate)))
    episodes.sort(key=lambda e: order[e.key])
    return _newest_first(episodes), warnings, changes, change_notes


def _bucket(key: str) -> str:
    """The first words of a merge key: keys that can match share them (see ``same_opening``)."""
    return " ".join(key.split()[:MATCH_WORDS])


PARTS = ("notes", "chapters", "segments")


def _size(parsed: Parsed) -> tuple[int, int, int]:
    """How much of each part a scrape holds: notes words, chapters, transcript segments."""
    words = sum(len(b.text.split()) for b in parsed.notes)
    return words, len(parsed.chapters), len(parsed.segments)


def _merge_versions(versions: list[Version]) -> tuple[Parsed, tuple[Version, ...]]:
    """Keep the most complete notes, chapters and transcript among scrapes of one episode.

    Returns the merged episode and the versions it took a part from (notes first).
    """
    if len(versions) == 1:
        return versions[0].parsed, (versions[0],)
    # Later scrapes win ties: they reflect the page as it is now.
    newest_first = list(reversed(versions))
    notes, chapters, transcript = (max(newest_first, key=lambda v: _size(v.parsed)[part]) for part in range(3))
    merged = replace(
        notes.parsed,
        chapters=chapters.parsed.chapters,
        segments=transcript.parsed.segments,
        speakers=transcript.parsed.speakers,
        headings=transcript.parsed.headings,
    )
    return merged, tuple(dict.fromkeys((notes, chapters, transcript)))


def _content(parsed: Parsed) -> tuple:
    """What a page shows of a parsed episode, without where each piece came from."""
    return (
        tuple((b.kind, b.text, b.url, b.links) for b in parsed.notes),
        tuple((c.start, c.title, c.heading) for c in parsed.chapters),
        tuple((s.start, s.speaker, s.text) for s in parsed.segments),
        parsed.raw.truncated,
    )


def _change(versions: list[Version], latest: int) -> tuple[str, str]:
    """Tell what the latest input did to an episode: ("new" | "changed" | "unchanged", a note).

    An episode is new when no earlier input holds it, changed when the merge
    with the latest input shows other content than the merge without it. The
    note says which parts grew or shrank, or, for an unchanged episode, which
    parts the latest scrape had less of than the version kept.
    """
    earlier = [v for v in versions if v.input < latest]
    if not earlier:
        return "new", ""
    now, _ = _merge_versions(versions)
    before, _ = _merge_versions(earlier)
    if _content(now) != _content(before):
        grown = [_sizes_note(part, a, b) for part, a, b in zip(PARTS, _size(before), _size(now)) if a != b]
        return "changed", "; ".join(grown) or "same size, new wording"
    kept = _size(now)
    shorter = [
        _sizes_note(part, has, of, "of")
        for v in versions
        if v.input == latest
        for part, has, of in zip(PARTS, _size(v.parsed), kept)
        if has < of
    ]
    return "unchanged", ("the latest scrape has less: " + "; ".join(shorter) + "; the fuller version is kept") if shorter else ""


def _sizes_note(part: str, first: int, second: int, joiner: str = "→") -> str:
    """Describe two sizes of one part.

    >>> _sizes_note("notes", 310, 1240)
    'notes 310 → 1,240 words'
    >>> _sizes_note("segments", 0, 68, "of")
    'segments 0 of 68'
    """
    unit = " words" if part == "notes" else ""
    return f"{part} {first:,} {joiner} {second:,}{unit}"


def _episode_warnings(sources: tuple[Version, ...], slug: str) -> list[Warning_]:
    """The parser's warnings about the scrapes an episode was taken from, each once."""
    found = {replace(w, episode=slug): None for v in sources for w in v.parsed.warnings}
    return list(found)


def _episode(
    key: str,
    slug: str,
    title: str,
    derived: bool,
    meta: EpisodeMeta | None,
    date: str | None,
    parsed: Parsed,
    sources: tuple[Version, ...],
    item: FeedItem | None = None,
) -> Episode:
    """Assemble the episode (segments come anchored from the parser)."""
    # The repairs of the lines the page shows, from whichever scrape each part came.
    shown = {item.origin for part in (parsed.notes, parsed.chapters, parsed.segments, parsed.headings) for item in part}
    fixes: list[tuple[Origin, Fix]] = [
        (line.origin, fix)
        for version in sources
        for line in version.parsed.raw.lines
        if line.origin in shown
        for fix in line.fixes
    ]
    return Episode(
        key=key,
        slug=slug,
        title=title,
        date=date,
        notes=parsed.notes,
        chapters=parsed.chapters,
        segments=parsed.segments,
        speakers=parsed.speakers,
        origin=parsed.origin,
        title_derived=derived,
        truncated=parsed.raw.truncated,
        series=meta.series if meta else None,
        audio=(item.audio if item and item.audio else None)
        or (Audio(meta.audio, audio_type(meta.audio)) if meta and meta.audio else None),
        guid=(item.guid if item else None) or (meta.guid if meta else None),
        fixes=tuple(sorted(fixes, key=lambda item: item[0])),
    )


def _newest_first(episodes: list[Episode]) -> list[Episode]:
    """Order by date, newest first; an undated episode keeps its place after the one above it.

    Listing pages put the newest episode on top, so an undated episode sorts as if
    it had the date of the nearest dated episode listed above it.
    """
    keyed = []
    last_date = "9999-99-99"
    for position, episode in enumerate(episodes):
        if episode.date:
            last_date = episode.date
        keyed.append(((episode.date or last_date), -position, episode))
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [episode for _, _, episode in keyed]

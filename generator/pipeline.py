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
from .identity import assign_meta, boilerplate_lines, derive_title, merge_key, slugify, summarise
from .metadata import EpisodeMeta, load_metadata
from .model import Episode, Fix, Line, Mark, Origin, RawEpisode, Warning_
from .parse import Parsed, parse_episode, speakers_of
from .reading import with_reading
from .repair import repair_line
from .sources.dump import split_dump
from .sources.read import read_input
from .timecode import AnchorAllocator


@dataclass
class InputReport:
    """What one input file held."""

    path: str
    lines: int
    episodes: int
    chrome: list[Origin] = field(default_factory=list)


@dataclass(frozen=True)
class Version:
    """One scrape of an episode: which input it came from, parsed, and its metadata entry."""

    input: int
    parsed: Parsed
    meta: EpisodeMeta | None
    boilerplate: set[str]


@dataclass
class Site:
    """Everything the renderers need, newest episode first."""

    episodes: list[Episode]
    warnings: list[Warning_]
    inputs: list[InputReport]
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    changes: dict[str, str] = field(default_factory=dict)
    input_bytes: int = 0
    parsed: list[Parsed] = field(default_factory=list, repr=False)


def read_lines(path: Path, warnings: list[Warning_]) -> tuple[list[str], int]:
    """Read one file and return its raw lines and its size in bytes."""
    text, found = read_input(path)
    warnings += found
    return text.split("\n"), len(text.encode("utf-8", "surrogatepass"))


def repair_lines(raw_lines: list[str], path: str) -> list[Line]:
    """Repair every line, keeping its origin and what was changed."""
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, 1):
        text, fixes = repair_line(raw)
        lines.append(Line(text=text, origin=Origin(path, number), raw=raw, fixes=fixes))
    return lines


Stage = Callable[[str, float], None]


def load_site(config: Config, progress: Stage | None = None) -> Site:
    """Run every stage up to the finished episodes."""
    timings: dict[str, float] = {}
    warnings: list[Warning_] = []
    errors: list[str] = []
    reports: list[InputReport] = []
    per_input: list[list[Parsed]] = []
    total_bytes = 0

    def lap(stage: str, started: float) -> None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started
        if progress:
            progress(stage, timings[stage])

    metas = load_metadata(config.metadata)
    files = config.input_files()
    if not files:
        raise InputError(f"no input files found in {', '.join(str(p) for p in config.inputs)}")
    for path in files:
        shown = _shown(path)
        started = time.perf_counter()
        try:
            raw_lines, size = read_lines(path, warnings)
        except InputError as exc:
            errors.append(str(exc))
            continue
        total_bytes += size
        lap("read", started)
        started = time.perf_counter()
        if path.suffix.lower() in {".html", ".htm"}:
            from .sources.html import html_to_lines

            lines = html_to_lines("\n".join(raw_lines), shown)
        else:
            lines = repair_lines(raw_lines, shown)
        lap("repair", started)
        started = time.perf_counter()
        split = split_dump(lines, config.profile, shown)
        warnings += split.warnings
        reports.append(InputReport(shown, len(raw_lines), len(split.episodes), split.chrome))
        parsed = []
        for raw in split.episodes:
            label = f"episode {raw.index + 1} of {shown}"
            parsed.append(parse_episode(raw, config.profile, label))
        per_input.append(parsed)
        lap("parse", started)

    started = time.perf_counter()
    episodes, merge_warnings, changes = identify(per_input, metas)
    warnings += merge_warnings
    lap("identify", started)
    return Site(
        episodes=episodes,
        warnings=warnings,
        inputs=reports,
        errors=errors,
        timings=timings,
        changes=changes,
        input_bytes=total_bytes,
        parsed=[p for group in per_input for p in group],
    )


def _shown(path: Path) -> str:
    """Name a file relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def identify(
    per_input: list[list[Parsed]], metas: list[EpisodeMeta]
) -> tuple[list[Episode], list[Warning_], dict[str, str]]:
    """Give each parsed episode its identity, merge re-scrapes, and order newest first.

    Inputs are taken in order; a later input is a later scrape. For an episode seen
    in several inputs, each part (notes, chapters, transcript) comes from the
    version that has the most of it.
    """
    warnings: list[Warning_] = []
    groups: dict[str, list[Version]] = {}
    order: dict[str, tuple[int, int]] = {}
    for input_number, parsed_list in enumerate(per_input):
        boilerplate = boilerplate_lines(parsed_list)
        claimed = assign_meta(parsed_list, metas, boilerplate)
        for index, parsed in enumerate(parsed_list):
            meta = claimed.get(index)
            key = f"meta:{meta.slug}" if meta else merge_key(parsed, boilerplate)
            groups.setdefault(key, []).append(Version(input_number, parsed, meta, boilerplate))
            # The newest scrape decides the listing order of episodes it holds.
            order[key] = (-input_number, parsed.raw.index)

    episodes: list[Episode] = []
    changes: dict[str, str] = {}
    used_slugs = {meta.slug for meta in metas}
    for key, versions in groups.items():
        inputs_seen = {version.input for version in versions}
        if len(versions) > len(inputs_seen):
            first = versions[0].parsed
            warnings.append(Warning_("the same episode appears twice in one input; merged", first.origin, key))
        meta = versions[0].meta
        merged, boilerplate = _merge_versions(versions)
        title, derived = (meta.title, False) if meta and meta.title else (derive_title(merged.notes, boilerplate), True)
        if not title:
            title = f"Untitled episode ({merged.origin})"
        if meta:
            slug = meta.slug
        else:
            slug = _unique(slugify(title), used_slugs)
            used_slugs.add(slug)
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
        changes[slug] = _change_kind(versions, len(per_input))
        warnings += [replace(w, episode=slug) for v in versions for w in v.parsed.warnings]
        episode = _episode(key, slug, title, derived, meta, merged)
        episodes.append(with_reading(replace(episode, summary=summarise(merged.notes, boilerplate))))
    episodes.sort(key=lambda e: order[e.key])
    return _newest_first(episodes), warnings, changes


def _unique(slug: str, used: set[str]) -> str:
    if slug not in used:
        return slug
    n = 2
    while f"{slug}-{n}" in used:
        n += 1
    return f"{slug}-{n}"


def _size(parsed: Parsed) -> tuple[int, int, int]:
    words = sum(len(b.text.split()) for b in parsed.notes)
    return words, len(parsed.chapters), len(parsed.segments)


def _merge_versions(versions: list[Version]) -> tuple[Parsed, set[str]]:
    """Keep the most complete notes, chapters and transcript among scrapes of one episode."""
    if len(versions) == 1:
        return versions[0].parsed, versions[0].boilerplate
    # Later scrapes win ties: they reflect the page as it is now.
    newest_first = list(reversed(versions))
    notes = max(newest_first, key=lambda v: _size(v.parsed)[0])
    chapters = max(newest_first, key=lambda v: len(v.parsed.chapters)).parsed
    transcript = max(newest_first, key=lambda v: len(v.parsed.segments)).parsed
    merged = replace(
        notes.parsed,
        chapters=chapters.chapters,
        segments=transcript.segments,
        speakers=transcript.speakers,
    )
    return merged, notes.boilerplate


def _change_kind(versions: list[Version], inputs: int) -> str:
    numbers = sorted({v.input for v in versions})
    if inputs > 1 and numbers == [inputs - 1]:
        return "new"
    sizes = {_size(v.parsed) for v in versions}
    return "unchanged" if len(sizes) == 1 else "changed"


def _episode(key: str, slug: str, title: str, derived: bool, meta: EpisodeMeta | None, parsed: Parsed) -> Episode:
    """Assemble the episode and give every segment and inline time its anchor."""
    ids = AnchorAllocator()
    segments = []
    for seg in parsed.segments:
        anchor = ids.take(seg.start)
        marks = tuple(Mark(m.offset, m.seconds, ids.take(m.seconds)) for m in seg.marks)
        segments.append(replace(seg, anchor=anchor, marks=marks))
    fixes: list[tuple[Origin, Fix]] = [(line.origin, fix) for line in parsed.raw.lines for fix in line.fixes]
    return Episode(
        key=key,
        slug=slug,
        title=title,
        date=meta.date if meta else None,
        notes=parsed.notes,
        chapters=parsed.chapters,
        segments=tuple(segments),
        speakers=tuple(speakers_of(segments)),
        origin=parsed.origin,
        title_derived=derived,
        truncated=parsed.raw.truncated,
        series=meta.series if meta else None,
        fixes=tuple(fixes),
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

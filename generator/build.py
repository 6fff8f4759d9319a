"""Write the generated pages (only those that changed), then run MkDocs and Pagefind.

The generator renders every file in memory, compares with what is on disk, and
writes only files whose bytes differ, so unchanged files keep their mtime. When
nothing changed since the last build (no generated file written or removed,
and the same theme, configuration, hand-written docs and generator version),
the site on disk is already the site these inputs make, and MkDocs does not
run. Anything else gets a full, clean MkDocs build: MkDocs' *dirty* mode does
not read the pages it does not re-render, so a plugin that gathers from every
page (Material's tags: the tags index and ``tags.json``) writes them from the
few pages it saw, and even a rebuild of unchanged input changed ``tags.json``.

Two builds of the same input are byte-identical: MkDocs takes its dates from
``SOURCE_DATE_EPOCH``, and the Pagefind bundle is put in a fixed order
(:mod:`generator.searchindex`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import __version__
from .config import ROOT, Config
from .errors import BuildError
from .pipeline import Site
from .render.exports import chapters_json, transcript_json, transcript_vtt
from .render.indexes import catalog, feed, home, people, speaker_page, speakers_index
from .render.markdown import episode_markdown
from .report import repair_report, repair_report_json, repair_report_page
from .search import finish_indexing, search_pages, start_indexing
from .searchindex import stabilise

GENERATED_ENV = "TALKS_GENERATED_DIR"
DIRTY_ENV = "TALKS_DIRTY_BUILD"
FINGERPRINT = ".build-fingerprint"


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def site_settings(mkdocs_config: Path) -> dict:
    """Read the few settings the generator needs from mkdocs.yml (plain YAML, no tags)."""
    data = yaml.safe_load(mkdocs_config.read_text(encoding="utf-8")) or {}
    return {
        "site_name": data.get("site_name", "Talks"),
        "site_url": data.get("site_url", "https://example.org/"),
        "site_description": data.get("site_description", ""),
        "podcast": (data.get("extra") or {}).get("podcast_name", data.get("site_name", "")),
    }


def render_files(site: Site, config: Config) -> dict[str, str]:
    """Render every generated file in memory: path relative to the generated dir -> text."""
    shared = shared_parts(site, config)
    return {**render_pages(site, shared), **render_exports(site, shared)}


@dataclass(frozen=True)
class Shared:
    """What the pages and the exports both use, worked out once per build."""

    settings: dict
    report: dict
    entries: list


def shared_parts(site: Site, config: Config) -> Shared:
    from .reading import site_entries

    return Shared(site_settings(config.mkdocs_config), repair_report(site), site_entries(site.episodes))


def render_pages(site: Site, shared: Shared) -> dict[str, str]:
    """The Markdown pages: one per talk, the listings, speakers and the repair report."""
    from .reading import reading_section, site_page

    files = {f"episodes/{e.slug}/index.md": episode_markdown(e, reading_section(e)) for e in site.episodes}
    files["reading-list/index.md"] = site_page(shared.entries, len(site.episodes))
    files["index.md"] = home(site.episodes, shared.settings["site_name"])
    persons = people(site.episodes)
    files["speakers/index.md"] = speakers_index(persons)
    for person in persons:
        files[f"speakers/{person.slug}.md"] = speaker_page(person)
    files["maintainers/repair-report.md"] = repair_report_page(shared.report)
    return files


def render_exports(site: Site, shared: Shared) -> dict[str, str]:
    """The files beside the pages: JSON chapters and transcripts, WebVTT, the catalogue, the feed, JSON reports."""
    from .reading import episode_json, site_json

    settings = shared.settings
    files: dict[str, str] = {}
    for episode in site.episodes:
        base = f"episodes/{episode.slug}"
        files[f"{base}/reading-list.json"] = episode_json(episode)
        if episode.chapters:
            page_url = f"{settings['site_url'].rstrip('/')}/{base}/"
            files[f"{base}/chapters.json"] = chapters_json(episode, settings["podcast"], page_url)
        if episode.segments:
            files[f"{base}/transcript.json"] = transcript_json(episode)
            files[f"{base}/transcript.vtt"] = transcript_vtt(episode)
    files["reading-list.json"] = site_json(shared.entries)
    files["episodes.json"] = catalog(site.episodes)
    files["feed.xml"] = feed(site.episodes, settings["site_name"], settings["site_url"], settings["site_description"])
    files["maintainers/repair-report.json"] = repair_report_json(shared.report)
    return files


def write_tree(root: Path, files: dict[str, str]) -> WriteStats:
    """Make ``root`` hold exactly ``files``, writing only what differs."""
    stats = WriteStats()
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in sorted(files.items()):
        path = root / rel
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                stats.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        stats.written.append(rel)
    wanted = set(files)
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.relative_to(root).as_posix() not in wanted:
            path.unlink()
            stats.removed.append(path.relative_to(root).as_posix())
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return stats


def fingerprint(config: Config) -> str:
    """Hash everything besides generated pages that shapes the HTML of every page."""
    digest = hashlib.sha256(__version__.encode())
    sources = [config.mkdocs_config, ROOT / "docs", ROOT / "overrides", Path(__file__).parent / "mdext"]
    for source in sources:
        paths = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(str(config.site_dir.resolve()).encode())
    return digest.hexdigest()


def run_mkdocs(config: Config, dirty: bool = False) -> None:
    """Build the site with MkDocs in strict mode: a warning fails the build.

    A dirty build re-renders only pages whose Markdown is newer than their HTML
    (``generator/mkdocs_hooks.py`` keeps tag listings whole).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ[GENERATED_ENV] = str(config.generated_dir.resolve())
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.environ[DIRTY_ENV] = "1" if dirty else "0"
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(_quiet_dirty_notice)
    try:
        mk = load_config(str(config.mkdocs_config), site_dir=str(config.site_dir), strict=True)
        build(mk, dirty=dirty)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}") from exc
    finally:
        build_log.removeFilter(_quiet_dirty_notice)


def _quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' caution about dirty builds, which strict mode would count as a failure.

    The caution is about navigation going stale; our navigation is fixed in
    mkdocs.yml and never lists episodes, tag listings are re-rendered by the
    hook, and any change to theme, configuration or hand-written pages forces a
    clean build.
    """
    return "'dirty' build" not in record.getMessage()


def build_site(site: Site, config: Config, timings: dict[str, float]) -> WriteStats:
    """Render, write what changed, and build the HTML site with search.

    Pagefind starts first, on the search pages, and indexes on one core while the
    generator renders and MkDocs builds on the other. When neither the search
    pages nor the site's frame changed, the existing index is kept.
    """
    stamp_file = config.generated_dir.parent / FINGERPRINT
    stamp = fingerprint(config)
    previous = stamp_file.read_text() if stamp_file.exists() else ""
    bundle = config.generated_dir.parent / "pagefind"
    search_dir = config.generated_dir.parent / "search"
    indexing = None
    if config.search_index:
        started = time.perf_counter()
        search_stats = write_tree(search_dir, search_pages(site.episodes))
        index_current = (
            previous == stamp
            and not search_stats.written
            and not search_stats.removed
            and (config.site_dir / "pagefind" / "pagefind-entry.json").exists()
        )
        if not index_current:
            indexing = (started, start_indexing(search_dir, bundle))

    started = time.perf_counter()
    files = render_files(site, config)
    timings["render"] = time.perf_counter() - started

    started = time.perf_counter()
    stats = write_tree(config.generated_dir, files)
    timings["write"] = time.perf_counter() - started

    reusable = previous == stamp and not stats.removed and (config.site_dir / "index.html").exists()
    current = reusable and not stats.written
    dirty = reusable and bool(stats.written)
    if not reusable and config.site_dir.exists():
        shutil.rmtree(config.site_dir)
    if config.search_index and indexing is None and not reusable:
        # The kept index went with the cleaned site: index again.
        indexing = (time.perf_counter(), start_indexing(search_dir, bundle))

    started = time.perf_counter()
    if not current:
        run_mkdocs(config, dirty=dirty)
    timings["mkdocs"] = time.perf_counter() - started
    stamp_file.write_text(stamp)

    if indexing:
        began, process = indexing
        waited = time.perf_counter()
        finish_indexing(process, bundle, config.site_dir)
        # Pagefind orders filter values as a hash map happens to; fix the order so builds repeat byte for byte.
        stabilise(config.site_dir / "pagefind")
        timings["search index"] = time.perf_counter() - began
        timings["search wait"] = time.perf_counter() - waited
    (config.generated_dir.parent / "last-build.json").write_text(
        json.dumps(
            {
                "mkdocs": "skipped" if current else "dirty" if dirty else "clean",
                "search index": "rebuilt" if indexing else "kept",
                "written": len(stats.written),
                "unchanged": stats.unchanged,
            },
            indent=2,
        )
    )
    return stats

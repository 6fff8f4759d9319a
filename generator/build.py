"""Write one complete MkDocs project (only the files that changed), then build it and index it.

The generator renders every page and export in memory and writes the *site
source*, a plain MkDocs project that a bare ``mkdocs build`` builds (no hooks,
no environment variables, nothing that reads another package's internals)::

    build/generated/            (Config.generated_dir)
      mkdocs.yml                the project's mkdocs.yml, with docs_dir, site_dir and strict set
      docs/                     the hand-written pages and assets of docs/, and the generated
                                pages and exports (talks, speakers, tags, reading list, feed …)
      overrides/                the theme overrides

Only files whose bytes differ are written, so unchanged files keep their mtime.
When nothing changed since the last build (no file written or removed, and the
same fingerprint: installed packages, generator code, configuration, theme and
hand-written pages), the site on disk is already the site these inputs make and
MkDocs does not run. When only pages changed, MkDocs rebuilds *dirty* (only the
pages whose source is newer than their HTML): every page that lists others (home,
tags, speakers) is generated, so it is rewritten, and re-rendered, whenever its
list changes. Anything else gets a clean build.

Two builds of the same input are byte-identical: MkDocs takes its dates from
``SOURCE_DATE_EPOCH``, which the build hands to the engine's process, and the
Pagefind bundle is put in a fixed order (:mod:`generator.searchindex`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import ROOT, Config
from .errors import BuildError
from .gcpause import pausing_collection
from .model import Episode
from .pipeline import Site
from .render.exports import chapters_json, transcript_json, transcript_vtt
from .render.fence import FENCE, FORMATTER
from .render.indexes import catalog, feed, home, people, speaker_page, speakers_index
from .render.markdown import episode_markdown
from .render.tags import tags_json, tags_page
from .report import repair_report, repair_report_json, repair_report_page
from .search import finish_indexing, release, search_pages, start_indexing
from .searchindex import stabilise

FINGERPRINT = ".build-fingerprint"
#: The site source's folders, inside Config.generated_dir.
DOCS = "docs"
OVERRIDES = "overrides"
#: Zensical builds only into the project's own folder: its configuration (the same
#: settings) names this folder, and the site is moved from there to Config.site_dir.
ZENSICAL_CONFIG = "zensical.mkdocs.yml"
ZENSICAL_SITE = "site"
#: The reproducible-builds date MkDocs reads (sitemap dates); 0 keeps builds byte-identical.
SOURCE_DATE_EPOCH = "0"
#: How often the page bar looks at the site folder while MkDocs runs, in seconds.
POLL_SECONDS = 0.25

#: Told how many pages MkDocs has written and how many it will write.
PageProgress = Callable[[int, int], None]


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


@pausing_collection
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
    files["tags.md"] = tags_page(site.episodes)
    return files


@pausing_collection
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
    files["tags.json"] = tags_json(site.episodes)
    return files


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteStats:
    """Make ``root`` hold exactly ``files``, writing only what differs."""
    stats = WriteStats()
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(files.items()):
        path = root / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
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


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (caches and editor leftovers aside)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith((".tmp", ".pyc"))
    }


class PythonName(str):
    """A Python object named in mkdocs.yml (``!!python/name:module.attribute``), as MkDocs and Zensical read it."""


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigDumper.add_representer(
    PythonName, lambda dumper, name: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")
)

#: The transcript's fence (see generator/render/fence.py): a SuperFences setting of the generated project.
TRANSCRIPT_FENCE = {
    "pymdownx.superfences": {"custom_fences": [{"name": FENCE, "class": FENCE, "format": PythonName(FORMATTER)}]}
}


def project_config(
    config: Config, site_dir: str | None = None, lastmod: dict[str, str] | None = None, zensical: bool = False
) -> str:
    """The site source's mkdocs.yml: the project's, told where its docs and its site go, with the transcript's fence.

    ``lastmod`` (page URL -> date, blank where unknown) goes to ``extra.lastmod``
    for the sitemap template: from the configuration, it holds in a dirty build too,
    where MkDocs does not read the front matter of pages it does not re-render.
    For Zensical its own search index is turned off: the site searches with
    Pagefind, and Zensical's index refuses a large archive (1,000 talks).
    """
    data = yaml.safe_load(config.mkdocs_config.read_text(encoding="utf-8")) or {}
    if lastmod is not None:
        data["extra"] = {**(data.get("extra") or {}), "lastmod": lastmod}
    for key in ("docs_dir", "site_dir", "hooks"):
        data.pop(key, None)
    site_dir = site_dir or Path(os.path.relpath(config.site_dir.resolve(), config.generated_dir.resolve())).as_posix()
    extensions = [*(data.get("markdown_extensions") or []), TRANSCRIPT_FENCE]
    data = {**data, "markdown_extensions": extensions, "docs_dir": DOCS, "site_dir": site_dir, "strict": True}
    if zensical:
        data["plugins"] = [*(data.get("plugins") or []), {"search": {"enabled": False}}]
    head = f"# Written by `python -m generator build` from {config.mkdocs_config.name}; edit that file, not this one.\n"
    return head + yaml.dump(data, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=120)


def page_dates(episodes) -> dict[str, str]:
    """The date of each talk page, by its URL in the site (blank when unknown), for the sitemap.

    Keyed by the page's URL, which MkDocs and Zensical both give the sitemap
    template (``page.url``); a source path only MkDocs gives it.
    """
    return {f"episodes/{e.slug}/": e.date or "" for e in sorted(episodes, key=lambda e: e.slug)}


def site_source(
    config: Config, generated: dict[str, str], lastmod: dict[str, str] | None = None
) -> dict[str, str | bytes]:
    """Every file of the site source: mkdocs.yml, the hand-written docs and overrides, the generated pages."""
    handwritten = _tree(ROOT / DOCS)
    clashes = sorted(set(handwritten) & set(generated))
    if clashes:
        raise BuildError(f"{DOCS}/{clashes[0]} clashes with a generated page of the same name; rename it")
    files: dict[str, str | bytes] = {"mkdocs.yml": project_config(config, lastmod=lastmod)}
    if config.engine == "zensical":
        files[ZENSICAL_CONFIG] = project_config(config, ZENSICAL_SITE, lastmod, zensical=True)
    files.update({f"{OVERRIDES}/{rel}": data for rel, data in _tree(ROOT / OVERRIDES).items()})
    files.update({f"{DOCS}/{rel}": data for rel, data in handwritten.items()})
    files.update({f"{DOCS}/{rel}": text for rel, text in generated.items()})
    return files


def fingerprint(config: Config) -> str:
    """Hash everything besides the generated pages that shapes the HTML of every page.

    The installed packages (name and version: the engine, the theme, Markdown and
    its extensions), the generator's own code, the configuration, the theme
    overrides and the hand-written pages, and where the site goes.
    """
    digest = hashlib.sha256()
    packages = sorted(f"{d.metadata['Name']}=={d.version}".casefold() for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    for source in (config.mkdocs_config, ROOT / DOCS, ROOT / OVERRIDES, Path(__file__).parent):
        files = _tree(source) if source.is_dir() else {source.name: source.read_bytes()}
        for rel, data in files.items():
            digest.update(f"{source.name}/{rel}\n".encode())
            digest.update(data)
    digest.update(f"{config.site_dir.resolve()}\n{config.engine}".encode())
    return digest.hexdigest()


def run_mkdocs(config: Config, dirty: bool = False, progress: PageProgress | None = None, pages: int = 0) -> None:
    """Build the site source with MkDocs, as ``mkdocs build`` would, in a child process.

    The project is strict (a warning fails the build). A dirty build runs without
    strict mode, because MkDocs itself warns that dirty builds may leave the
    navigation stale (ours is fixed in mkdocs.yml and never lists talks, and any
    change to it forces a clean build); every other warning still fails it here.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config.generated_dir / "mkdocs.yml")]
    if dirty:
        command += ["--dirty", "--no-strict"]
    child_env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env)
    if progress and pages:
        while process.poll() is None:
            progress(sum(1 for _ in config.site_dir.rglob("index.html")) if config.site_dir.exists() else 0, pages)
            time.sleep(POLL_SECONDS)
        progress(pages, pages)
    stdout, stderr = process.communicate()
    warnings = [line for line in stderr.splitlines() if line.startswith(("WARNING", "ERROR")) and "'dirty' build" not in line]
    if process.returncode != 0 or warnings:
        raise BuildError(f"MkDocs failed: {chr(10).join(warnings) or stderr.strip() or stdout.strip()}")


def run_zensical(config: Config) -> None:
    """Build the site source with Zensical (always a clean build), then move the site into place."""
    built = config.generated_dir / ZENSICAL_SITE
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--config-file", str(config.generated_dir / ZENSICAL_CONFIG)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=config.generated_dir)
    if result.returncode != 0:
        raise BuildError(f"Zensical failed: {result.stderr.strip() or result.stdout.strip()}")
    if config.site_dir.exists():
        shutil.rmtree(config.site_dir)
    shutil.move(str(built), str(config.site_dir))


@dataclass
class SearchStart:
    """The search pages written for a build, and the Pagefind run indexing them (None: the kept index is current)."""

    started: float
    process: subprocess.Popen | None

    def stop(self) -> None:
        """End the run if it is still indexing (the build it was for stopped)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _previous_stamp(config: Config) -> str:
    """The fingerprint of the build that made the site on disk ("" when there is none)."""
    stamp_file = config.generated_dir.parent / FINGERPRINT
    return stamp_file.read_text() if stamp_file.exists() else ""


def begin_search(config: Config, episodes: list[Episode], same_frame: bool) -> SearchStart | None:
    """Write the search pages and start Pagefind on them, unless the index the site holds is still theirs.

    The index is kept when the search pages did not change and the build's
    fingerprint did not either (``same_frame``).
    """
    if not config.search_index:
        return None
    started = time.perf_counter()
    search_dir = config.generated_dir.parent / "search"
    written = write_tree(search_dir, search_pages(episodes))
    current = (
        same_frame
        and not written.written
        and not written.removed
        and (config.site_dir / "pagefind" / "pagefind-entry.json").exists()
    )
    if current:
        return SearchStart(started, None)
    return SearchStart(started, start_indexing(search_dir, config.generated_dir.parent / "pagefind"))


class EarlySearch:
    """Begin the search index of a rebuild as soon as :func:`load_site` knows the talks (pass it as ``identified``).

    The search pages need the talks' text, chapters and speakers, not their reading
    lists or cues; so in a rebuild, where MkDocs renders only what changed and the
    index is most of the work, Pagefind starts while those are worked out. A clean
    build leaves it to :func:`build_site`: there MkDocs needs the second core too,
    and starting early only slowed the rest. Measured at 1,000 talks, alternated:
    starting early made a clean build 4–6 s slower and a rebuild 5–6 s faster.
    A build that stops before :func:`build_site` calls :meth:`cancel`.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.search: SearchStart | None = None

    def __call__(self, episodes: list[Episode]) -> None:
        if self.rebuild():
            self.search = begin_search(self.config, episodes, same_frame=True)

    def rebuild(self) -> bool:
        """Whether the site on disk was built by this same generator and frame (MkDocs will build it dirty)."""
        previous = _previous_stamp(self.config)
        return bool(previous) and (self.config.site_dir / "index.html").exists() and previous == fingerprint(self.config)

    def cancel(self) -> None:
        if self.search:
            self.search.stop()
        self.search = None


@pausing_collection
def build_site(
    site: Site,
    config: Config,
    timings: dict[str, float],
    progress: PageProgress | None = None,
    search: SearchStart | None = None,
) -> WriteStats:
    """Render, write what changed, and build the HTML site with search.

    Pagefind indexes the search pages on one core while the generator renders and
    MkDocs builds on the other; ``search`` is a run begun earlier (see
    :class:`EarlySearch`), else it begins here. When neither the search pages
    nor the site's frame changed, the existing index is kept. ``progress``
    hears how many pages a clean MkDocs build has written.
    """
    stamp = fingerprint(config)
    previous = _previous_stamp(config)
    search = search or begin_search(config, site.episodes, previous == stamp)
    try:
        return _build_with_search(site, config, timings, progress, search, stamp, previous)
    except BaseException:
        if search:
            search.stop()
        raise


def _build_with_search(
    site: Site,
    config: Config,
    timings: dict[str, float],
    progress: PageProgress | None,
    search: SearchStart | None,
    stamp: str,
    previous: str,
) -> WriteStats:
    stamp_file = config.generated_dir.parent / FINGERPRINT
    bundle = config.generated_dir.parent / "pagefind"
    search_dir = config.generated_dir.parent / "search"
    indexing = (search.started, search.process) if search and search.process else None

    started = time.perf_counter()
    generated = render_files(site, config)
    timings["render"] = time.perf_counter() - started

    started = time.perf_counter()
    source = site_source(config, generated, page_dates(site.episodes))
    stats = write_tree(config.generated_dir, source)
    timings["write"] = time.perf_counter() - started

    # Zensical has no dirty build of ours to reuse: any change rebuilds it all.
    reusable = previous == stamp and not stats.removed and (config.site_dir / "index.html").exists()
    reusable = reusable and not (config.engine == "zensical" and stats.written)
    current = reusable and not stats.written
    dirty = reusable and bool(stats.written)
    if not reusable and config.site_dir.exists():
        shutil.rmtree(config.site_dir)
    if config.search_index and indexing is None and not reusable:
        # The kept index went with the cleaned site: index again.
        indexing = (time.perf_counter(), start_indexing(search_dir, bundle))
    if indexing and reusable:
        # MkDocs renders only what changed: the index may have both cores from here.
        release(indexing[1])

    started = time.perf_counter()
    if not current:
        pages = 0 if dirty else sum(1 for rel in source if rel.startswith(f"{DOCS}/") and rel.endswith(".md"))
        if config.engine == "zensical":
            run_zensical(config)
        else:
            run_mkdocs(config, dirty=dirty, progress=progress, pages=pages)
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

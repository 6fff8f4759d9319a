"""MkDocs hooks: serve the generator's output as if it were in ``docs/``.

The generated Markdown and exports live in ``build/generated`` (never in the
hand-written ``docs/``). This hook adds them to MkDocs' file collection, so
MkDocs renders them and copies the exports beside their pages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

GENERATED_ENV = "TALKS_GENERATED_DIR"
#: Set by the generator when it runs MkDocs as a dirty build (only changed pages re-rendered).
DIRTY_ENV = "TALKS_DIRTY_BUILD"
#: Pages whose content is a listing of other pages' tags (Material's tags plugin).
LISTING_MARKER = "<!-- material/tags"


#: Set by the generator when stderr is a terminal: draw a bar while pages render.
PROGRESS_ENV = "TALKS_PROGRESS"
BAR_WIDTH = 30


class _PageBar:
    """A progress bar of rendered pages on a terminal; silent in logs (CI) and under ``--quiet``."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0

    def step(self) -> None:
        if os.environ.get(PROGRESS_ENV) != "1" or not self.total:
            return
        self.done += 1
        if self.done % 10 and self.done != self.total:
            return
        filled = BAR_WIDTH * self.done // self.total
        sys.stderr.write(f"\r\033[K  mkdocs         [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} pages")
        if self.done == self.total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()


_bar = _PageBar()


def dirty_build() -> bool:
    return os.environ.get(DIRTY_ENV) == "1"


def generated_dir(config) -> Path:
    """The generated dir: from the environment (set by the CLI), else build/generated beside mkdocs.yml."""
    default = Path(config.config_file_path).parent / "build" / "generated"
    return Path(os.environ.get(GENERATED_ENV, default))


def on_files(files: Files, config) -> Files:
    """Add every generated file; a hand-written file of the same name is an error, not a silent override."""
    root = generated_dir(config)
    if not root.is_dir():
        raise PluginError(f"no generated pages in {root}: run `python -m generator build` (or `make site`) first")
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.endswith(".tmp"):
            continue
        rel = path.relative_to(root).as_posix()
        if files.get_file_from_path(rel) is not None:
            raise PluginError(f"docs/{rel} clashes with a generated page of the same name; rename it")
        files.append(File(rel, src_dir=str(root), dest_dir=config["site_dir"], use_directory_urls=config["use_directory_urls"]))
    if dirty_build():
        _rerender_listings(files, root)
    _bar.start(sum(1 for _ in files.documentation_pages()))
    return files


def on_post_page(output: str, page, config) -> str:
    """Advance the page bar."""
    _bar.step()
    return output


def _rerender_listings(files: Files, generated: Path) -> None:
    """Make a dirty build re-render pages that list other pages' tags.

    A dirty build re-renders a page only when its source is newer than its HTML;
    a tag listing changes when *other* pages change, so its HTML is removed.
    Listings are hand-written pages; the generated ones (a thousand talks) are not read.
    """
    generated_src = str(generated)
    for file in files.documentation_pages():
        if file.src_dir != generated_src and os.path.exists(file.abs_dest_path):
            with open(file.abs_src_path, encoding="utf-8") as source:
                if LISTING_MARKER in source.read():
                    os.remove(file.abs_dest_path)


@event_priority(110)  # before Material's tags plugin fills its listings (priority 100)
def on_env(env, config, files: Files):
    """Let the tags plugin see the tags of pages a dirty build did not re-read.

    A dirty build skips reading unchanged pages, so the tags plugin would list
    only the pages that changed. Reading the source of a skipped page parses its
    front matter (no Markdown conversion) and hands its tags to the plugin, so a
    dirty build's listings equal a clean build's.
    """
    if not dirty_build():
        return env
    tags = config.plugins.get("material/tags")
    if tags is None or not tags.config.enabled:
        return env
    order = []
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        order.append(page.url)
        if page.markdown is None:
            page.read_source(config)
            _escape_meta(page)
            if tags.filter(file):
                tags.mappings.add(page, page.markdown)
    # A clean build adds pages in file order; keep that order so both builds list alike.
    data = tags.mappings.data
    tags.mappings.data = {url: data[url] for url in order if url in data}
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the front matter's title and description for the theme's templates.

    Material prints ``page.meta.title`` and ``page.meta.description`` into the
    page head without escaping (MkDocs' Jinja has no autoescape), and the values
    come from scraped text. As ``Markup`` they show literally where printed raw,
    and templates that escape (``| e``) do not escape them twice. This runs for
    every page before any template renders, so the navigation is safe too.
    """
    _escape_meta(page)
    return markdown


def _escape_meta(page) -> None:
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])

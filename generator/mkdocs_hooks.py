"""MkDocs hooks: serve the generator's output as if it were in ``docs/``.

The generated Markdown and exports live in ``build/generated`` (never in the
hand-written ``docs/``). This hook adds them to MkDocs' file collection, so
MkDocs renders them and copies the exports beside their pages.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

GENERATED_ENV = "TALKS_GENERATED_DIR"


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
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the front matter's title and description for the theme's templates.

    Material prints ``page.meta.title`` and ``page.meta.description`` into the
    page head without escaping (MkDocs' Jinja has no autoescape), and the values
    come from scraped text. As ``Markup`` they show literally where printed raw,
    and templates that escape (``| e``) do not escape them twice. This runs for
    every page before any template renders, so the navigation is safe too.
    """
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])
    return markdown

"""Configuration, declared once: where inputs live, where output goes, and the source profile.

What is particular to one podcast app or one show (the separator line, the page
chrome in the interface's language, the section headings) lives in a source
profile, a YAML file in ``generator/profiles/`` read into a ``SourceProfile``,
so that another podcast's dump is a profile away, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: The profile a build reads its inputs with unless told otherwise (``generator/profiles/``).
DEFAULT_PROFILE = "latent-space-app"


@dataclass(frozen=True)
class SourceProfile:
    """How one source's listing dump is laid out; read from a YAML file by :func:`generator.profiles.load_profile`.

    The defaults describe no source in particular: a profile file says what is
    particular to one (its separator, its page chrome, its section headings).
    """

    name: str
    #: A line that ends one episode; its group ``chrome`` is the page's text
    #: after the blurb on the same line (a button's label, or nothing).
    separator: re.Pattern
    #: Page chrome: the interface's own words, in each interface language seen
    #: or known. They are not content and are reported, not rendered.
    chrome_lines: frozenset[str] = frozenset()
    #: A line holding only this ends a description the page truncated; before
    #: any content it is chrome (the listing's leading dash).
    truncation_line: str = ""
    #: Headings (casefolded) that introduce a chapter list.
    chapter_headings: frozenset[str] = frozenset()
    #: Headings (casefolded) that introduce a transcript. A transcript is also
    #: recognised by its shape (a run of timed speaker lines) under any heading.
    transcript_headings: frozenset[str] = frozenset()
    #: Words (casefolded) that make a short line right above a transcript's
    #: shape its heading (``Podcast Transcript``), whatever else it says.
    transcript_words: frozenset[str] = frozenset()
    #: Notes lines that were link labels on the page (their URL is gone).
    link_label: re.Pattern = re.compile(r"(?!)")


@dataclass(frozen=True)
class Config:
    """Paths and options for one build. Every field has a default that builds the bundled site."""

    #: Input files or folders; a folder contributes every ``*.txt``, ``*.html`` and ``*.htm`` in it.
    inputs: tuple[Path, ...] = (ROOT / "input",)
    #: Episode metadata (titles, dates, frozen slugs, series).
    metadata: Path = ROOT / "input" / "episodes.yml"
    #: Podcast feeds the site follows; ``update`` stores what it fetches in ``feeds/`` beside it.
    sources: Path = ROOT / "input" / "sources.yml"
    #: How speech-to-text spells names the notes write otherwise (for reading-list moments).
    spoken_names: Path = ROOT / "input" / "spoken-names.yml"
    #: Where the site source is written: one complete MkDocs project (mkdocs.yml, docs/, overrides/).
    generated_dir: Path = ROOT / "build" / "generated"
    #: Where MkDocs writes the site.
    site_dir: Path = ROOT / "site"
    #: The MkDocs configuration file.
    mkdocs_config: Path = ROOT / "mkdocs.yml"
    #: Run Pagefind over the built site.
    search_index: bool = True
    #: The engine that builds the site source: "mkdocs" or "zensical" (Material's successor).
    engine: str = "mkdocs"
    #: How the inputs are laid out (a profile in ``generator/profiles/``).
    profile: SourceProfile = field(default_factory=lambda: _load_profile(DEFAULT_PROFILE))

    def input_files(self) -> list[Path]:
        """List the input files in a stable order (by name, folders expanded)."""
        files: list[Path] = []
        for path in self.inputs:
            if path.is_dir():
                files += sorted(
                    p for p in path.iterdir() if p.suffix.lower() in {".txt", ".html", ".htm"}
                )
            else:
                files.append(path)
        return files


def _load_profile(name: str) -> SourceProfile:
    from .profiles import load_profile

    return load_profile(name)

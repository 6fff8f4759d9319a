"""Configuration, declared once: where inputs live, where output goes, and the source profile.

What is particular to one podcast app or one show (the separator line, the page
chrome in the interface's language, the section headings) lives in a
``SourceProfile`` so that another podcast's dump is a profile away, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SourceProfile:
    """How a podcast-app listing dump is laid out."""

    name: str = "latent-space"
    #: A line that ends one episode. The listing page repeats the show's
    #: subscription blurb after every episode's text; the text copy of the page
    #: adds a dash (and, on the last one, the page's button), a saved HTML page does not.
    separator: re.Pattern = re.compile(
        r"^Get full access to Latent Space at www\.latent\.space/subscribe(?:\s+-\s*(?P<chrome>.*))?$"
    )
    #: Page chrome: the interface's own words, in each interface language we have
    #: seen or can name. They are not content and are reported, not rendered.
    chrome_lines: frozenset[str] = frozenset(
        {
            # Dutch (the bundled dump)
            "Afleveringen",
            "Zijn er afleveringen die ontbreken?",
            "Laat meer zien",
            # English
            "Episodes",
            "Are there episodes missing?",
            "Show more",
            "See more",
            # German
            "Folgen",
            "Fehlen Folgen?",
            "Mehr anzeigen",
            # French
            "Épisodes",
            "Des épisodes manquent-ils ?",
            "Voir plus",
            "Afficher plus",
            # Spanish
            "Episodios",
            "¿Faltan episodios?",
            "Mostrar más",
            "Ver más",
        }
    )
    #: A line holding only this ends a description the page truncated; before
    #: any content it is chrome (the listing's leading dash).
    truncation_line: str = "-"
    chapter_headings: frozenset[str] = frozenset({"timestamps", "chapters"})
    transcript_headings: frozenset[str] = frozenset({"transcript", "transcript/timestamps"})
    #: Notes lines that were link labels on the page (their URL is gone).
    link_label: re.Pattern = re.compile(
        r"^(full (talk|video|youtube episode|video podcast|video episode)\b.*|.*\bon youtube!?)$",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Config:
    """Paths and options for one build. Every field has a default that builds the bundled site."""

    #: Input files or folders; a folder contributes every ``*.txt``, ``*.html`` and ``*.htm`` in it.
    inputs: tuple[Path, ...] = (ROOT / "input",)
    #: Episode metadata (titles, dates, frozen slugs, series).
    metadata: Path = ROOT / "input" / "episodes.yml"
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
    profile: SourceProfile = field(default_factory=SourceProfile)

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

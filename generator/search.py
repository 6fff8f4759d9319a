"""The search index: Pagefind over small search pages the generator writes from the model.

Pagefind's cost is in indexing words, not in reading HTML, so the index does not
wait for MkDocs: the generator writes one plain page per talk under
``build/search/`` (same paths as the site, so results link to the real pages),
Pagefind indexes them in a child process while MkDocs renders the site on the
other core, and the bundle is moved into ``site/pagefind/`` at the end.

Each search page holds the talk's title, notes and transcript, with a heading
at every chapter and every few minutes inside long chapters. Pagefind turns
headings with ids into sub-results, so a result lands on the chapter or the
moment (``#t=…``) where the words are. Speakers and series are filters.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .model import Episode
from .render.text import plain
from .timecode import short

#: Inside a long chapter, start a new sub-result after this many characters of transcript.
MOMENT_CHARS = 2500


def _e(text: str) -> str:
    return html.escape(plain(text), quote=True)


def search_page(episode: Episode) -> str:
    """Render the plain page Pagefind indexes for one talk."""
    filters = "".join(
        f'<span data-pagefind-filter="speaker">{_e(s.name)}</span>' for s in episode.speakers if not s.generic
    )
    if episode.series:
        filters += f'<span data-pagefind-filter="series">{_e(episode.series)}</span>'
    meta = f'<span data-pagefind-meta="date">{_e(episode.date)}</span>' if episode.date else ""
    parts = [
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(episode.title)}</title></head>',
        f"<body><main data-pagefind-body><h1>{_e(episode.title)}</h1>{filters}{meta}",
    ]
    notes = " ".join(block.text for block in episode.notes)
    if notes:
        parts.append(f'<h2 id="show-notes">Show notes</h2><p>{_e(notes)}</p>')
    chapters = list(episode.chapters)
    current_title = ""
    buffer: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if buffer:
            parts.append(f"<p>{_e(' '.join(buffer))}</p>")
            buffer.clear()
        size = 0

    for seg in episode.segments:
        if chapters and chapters[0].due_before(seg):
            while chapters and chapters[0].due_before(seg):
                chapter = chapters.pop(0)
            flush()
            current_title = chapter.heading or chapter.title
            parts.append(f'<h2 id="{chapter.link_id()}">{_e(current_title)}</h2>')
        elif size >= MOMENT_CHARS:
            flush()
            label = f"{current_title} ({short(seg.start)})" if current_title else f"At {short(seg.start)}"
            parts.append(f'<h3 id="{seg.anchor}">{_e(label)}</h3>')
        text = f"{seg.speaker}: {seg.text}" if seg.speaker else seg.text
        buffer.append(text)
        size += len(text)
    flush()
    parts.append("</main></body></html>\n")
    return "".join(parts)


def search_pages(episodes: list[Episode]) -> dict[str, str]:
    """Every talk's search page, by path relative to the search folder."""
    return {f"episodes/{e.slug}/index.html": search_page(e) for e in episodes}


def start_indexing(search_dir: Path, bundle_dir: Path) -> subprocess.Popen:
    """Start Pagefind on the search pages in a child process; its bundle goes to ``bundle_dir``."""
    if bundle_dir.exists():
        shutil.rmtree(bundle_dir)
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(search_dir),
        "--output-path", str(bundle_dir),
        "--force-language", "en",
        "--silent",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _one_core(process.pid)
    return process


def _one_core(pid: int) -> None:
    """Keep Pagefind on one core, the last one, while the generator and MkDocs work on the other.

    Left alone it spreads its threads over every core and takes them from the
    build: 200 talks built in 9.4–11.5 s with Pagefind free, 7.7–9.4 s with it
    held to one core. The launcher ``python -m pagefind`` replaces itself with
    the binary (``execv``), keeping its process and this setting; threads
    started later inherit it. :func:`release` frees it again.
    """
    if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) > 1:
        _set_cores(pid, {max(os.sched_getaffinity(0))})


def _set_cores(pid: int, cores: set[int]) -> None:
    """Let every thread of process ``pid`` run on ``cores`` only (Linux; elsewhere nothing)."""
    if not hasattr(os, "sched_setaffinity"):
        return
    tasks = Path(f"/proc/{pid}/task")
    try:
        for task in [int(t.name) for t in tasks.iterdir()] if tasks.is_dir() else [pid]:
            os.sched_setaffinity(task, cores)
    except OSError:  # the process ended, or is not ours to move: it runs where it is
        pass


def release(process: subprocess.Popen) -> None:
    """Let Pagefind use every core again (the build has little left to do beside it)."""
    if hasattr(os, "sched_getaffinity") and process.poll() is None:
        _set_cores(process.pid, os.sched_getaffinity(0))


def finish_indexing(process: subprocess.Popen, bundle_dir: Path, site_dir: Path) -> None:
    """Wait for Pagefind and move its bundle into the site."""
    from .errors import BuildError

    release(process)  # nothing else is left to do: the index may finish on every core
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise BuildError(f"Pagefind failed ({process.returncode}): {stderr.strip() or stdout.strip()}")
    target = site_dir / "pagefind"
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(bundle_dir), str(target))

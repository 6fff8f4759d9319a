"""The dev/test corpus: episodes beyond the bundled dump, kept clean, with what they hold.

Each episode lives in ``tests/corpus/episodes/<slug>/``: ``clean.md`` is the
episode as a podcast app's listing shows it before any damage, and
``source.yml`` says where it comes from (URL, publication date, the archive it
was read in) and which of its list entries cite something (``cited``: the
opening words of each bullet that was a link in the original post).

``clean.md`` is the app's text with three kinds of marker lines, which say
what the lines are and are never written to a dump:

* ``@chapters <heading>`` — the heading line of a chapter list (written as is);
  every following line that starts with a time is a listed chapter, the first
  one that does not returns to the notes;
* ``@transcript <heading>`` — the transcript's heading line (``-``: none);
  every line after it belongs to the transcript;
* ``# [HH:MM:SS] Title`` inside the transcript — a chapter heading, written
  as ``[HH:MM:SS] Title``;
* ``# Title`` inside the transcript — a chapter heading the source gives no
  time (publisher transcripts of 2026), written as ``Title``; its chapter
  starts with the first timed turn after it.

Every other transcript line is one segment. The truth is read from these
markers alone, never from the parser.

:func:`dump_lines` writes episodes into a listing dump laid out by a
``tests/corpus/layouts/<profile>.yml`` file (its header lines and the line
that ends each episode), and :func:`damaged` applies the known damage to it.
Which split an episode belongs to is fixed by ``tests/corpus/splits.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .config import ROOT
from .errors import InputError
from .repair.chardata import damage_bytes

CORPUS = ROOT / "tests" / "corpus"
EPISODES = CORPUS / "episodes"
LAYOUTS = CORPUS / "layouts"
SPLITS = CORPUS / "splits.yml"

_TIME = r"\d{1,2}(?::\d{2}){1,2}"
_CHAPTER = re.compile(rf"^(?:[*\u2022-]\s+)?\[?(?P<time>{_TIME})\]?:?\s+(?:-\s+)?(?P<title>\S.*)$")
_HEADING = re.compile(rf"^#\s+\[(?P<time>{_TIME})\]\s+(?P<title>\S.*)$")
_UNTIMED_HEADING = re.compile(r"^#\s+(?P<title>[^\s\[].*)$")
#: The time a transcript line opens with (``[00:01:02] swyx: …``, ``(01:02)``).
_TURN_TIME = re.compile(rf"^[\[(]?(?P<time>{_TIME})[\])]?\s")


def seconds(stamp: str) -> int:
    """Read ``HH:MM:SS`` or ``MM:SS`` as seconds.

    >>> seconds("01:02:03"), seconds("02:03")
    (3723, 123)
    """
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


@dataclass(frozen=True)
class TruthChapter:
    """A chapter the episode holds: its time, title, and whether the list or the transcript gives it."""

    start: int
    title: str
    source: str


@dataclass
class CorpusEpisode:
    """One clean episode and what it holds, read from its markers."""

    slug: str
    split: str
    published: str
    lines: list[str] = field(default_factory=list)
    #: Index in ``lines`` of every line of each kind.
    notes: list[int] = field(default_factory=list)
    bullets: list[int] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)
    transcript: list[int] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)
    chapters: list[TruthChapter] = field(default_factory=list)
    transcript_heading: str | None = None
    #: Index in ``lines`` of the section heading lines (a chapter list's, the transcript's).
    headings: list[int] = field(default_factory=list)


def load_splits(path: Path = SPLITS) -> dict[str, str]:
    """Map each corpus slug to its split (``dev`` or ``test``).

    ``added_to_dev`` lists episodes collected after the test split was frozen:
    they are dev episodes whatever their hash, so the test split never changes.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    splits: dict[str, str] = {}
    for key, split in (("dev", "dev"), ("test", "test"), ("added_to_dev", "dev")):
        for slug in data.get(key) or []:
            if slug in splits:
                raise InputError(f"{path}: {slug!r} is listed twice")
            splits[slug] = split
    return splits


def load_episode(folder: Path, split: str) -> CorpusEpisode:
    """Read one corpus episode and its truth; a malformed marker names the file and line."""
    meta = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8")) or {}
    for key in ("url", "published", "source"):
        if not meta.get(key):
            raise InputError(f"{folder / 'source.yml'}: '{key}' is required (where the episode comes from)")
    episode = CorpusEpisode(slug=folder.name, split=split, published=str(meta["published"]))
    cited = [str(c) for c in meta.get("cited") or []]
    section = "notes"
    untimed: list[str] = []  # headings waiting for the time of the next timed turn
    path = folder / "clean.md"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.rstrip()
        if not text:
            continue
        if text.startswith("@chapters "):
            section = "chapters"
            episode.headings.append(len(episode.lines))
            episode.lines.append(text.removeprefix("@chapters ").strip())
            continue
        if text.startswith("@transcript "):
            section = "transcript"
            heading = text.removeprefix("@transcript ").strip()
            if heading != "-":
                episode.transcript_heading = heading
                episode.headings.append(len(episode.lines))
                episode.lines.append(heading)
            continue
        if text.startswith("@"):
            raise InputError(f"{path}:{number}: unknown marker {text.split()[0]!r}")
        if section == "chapters":
            chapter = _CHAPTER.match(text)
            if chapter:
                episode.chapters.append(TruthChapter(seconds(chapter.group("time")), chapter.group("title"), "list"))
                episode.lines.append(text)
                continue
            section = "notes"
        if section == "transcript":
            heading = _HEADING.match(text)
            bare = _UNTIMED_HEADING.match(text) if text.startswith("#") and not heading else None
            if text.startswith("#") and not (heading or bare):
                raise InputError(f"{path}:{number}: a transcript heading is '# [HH:MM:SS] Title' or '# Title'")
            if heading:
                episode.chapters.append(TruthChapter(seconds(heading.group("time")), heading.group("title"), "transcript"))
                text = f"[{heading.group('time')}] {heading.group('title')}"
            elif bare:
                untimed.append(text := bare.group("title"))
            else:
                episode.segments.append(len(episode.lines))
                if untimed and (turn := _TURN_TIME.match(text)):
                    episode.chapters += [TruthChapter(seconds(turn.group("time")), title, "transcript") for title in untimed]
                    untimed.clear()
            episode.transcript.append(len(episode.lines))
            episode.lines.append(text)
            continue
        index = len(episode.lines)
        episode.notes.append(index)
        if text.startswith("* "):
            episode.bullets.append(index)
            if any(text[2:].startswith(opening) for opening in cited):
                episode.cited.append(index)
        episode.lines.append(text)
    if untimed:
        raise InputError(f"{path}: no timed turn after the heading {untimed[0]!r}")
    missing = [c for c in cited if not any(episode.lines[i][2:].startswith(c) for i in episode.cited)]
    if missing:
        raise InputError(f"{folder / 'source.yml'}: 'cited' entries match no bullet: {missing}")
    return episode


def load_corpus(root: Path = EPISODES, splits: Path = SPLITS) -> list[CorpusEpisode]:
    """Every corpus episode, in the order of its split file; an episode in no split is an error."""
    assigned = load_splits(splits)
    folders = sorted(p for p in root.iterdir() if (p / "clean.md").exists())
    unassigned = [p.name for p in folders if p.name not in assigned]
    if unassigned:
        raise InputError(f"{splits}: no split for {', '.join(unassigned)}")
    return [load_episode(root / slug, split) for slug, split in assigned.items()]


@dataclass(frozen=True)
class Layout:
    """How one app lays out a listing: the lines before the first episode, the line after each,
    and the words it uses for the section headings the corpus writes (``Timestamps`` → ``Chapter markers``)."""

    profile: str
    header: tuple[str, ...]
    separator: str
    headings: dict[str, str] = field(default_factory=dict)


def load_layout(profile: str, root: Path = LAYOUTS) -> Layout:
    """Read the layout a corpus dump is written in for ``profile``."""
    data = yaml.safe_load((root / f"{profile}.yml").read_text(encoding="utf-8")) or {}
    return Layout(
        profile=profile,
        header=tuple(data.get("header") or ()),
        separator=str(data["separator"]),
        headings={str(k): str(v) for k, v in (data.get("headings") or {}).items()},
    )


@dataclass(frozen=True)
class Placed:
    """Where an episode's lines stand in a written dump (0-based index of its first line)."""

    episode: CorpusEpisode
    first: int


def dump_lines(episodes: list[CorpusEpisode], layout: Layout) -> tuple[list[str], list[Placed]]:
    """Write episodes as one listing dump; return its lines and where each episode starts."""
    lines = list(layout.header)
    placed: list[Placed] = []
    for episode in episodes:
        placed.append(Placed(episode, len(lines)))
        own = list(episode.lines)
        for index in episode.headings:
            own[index] = layout.headings.get(own[index], own[index])
        lines += own
        lines.append(layout.separator)
    return lines, placed


#: A transcript turn as the corpus writes it (``[00:01:02] Name: words``).
_TURN = re.compile(r"^\[(?P<time>\d{2}:\d{2}:\d{2})\] (?P<name>[^:\[\]]{1,40}?): (?P<text>\S.*)$")


def _minutes(stamp: str) -> str:
    hours, minutes, seconds = (int(part) for part in stamp.split(":"))
    return f"{hours * 60 + minutes:02d}:{seconds:02d}"


#: Other ways transcripts write a turn, for ``bench_unseen --style``: what a new show's export may look like.
TRANSCRIPT_STYLES = {
    "bracket": lambda time, name, text: f"[{time}] {name}: {text}",
    "parens": lambda time, name, text: f"({time}) {name}: {text}",
    "minutes": lambda time, name, text: f"[{_minutes(time)}] {name}: {text}",
    "speaker-first": lambda time, name, text: f"{name} [{time}]: {text}",
    "publisher": lambda time, name, text: f"{name} [{time}] {text}",
    "publisher-bold": lambda time, name, text: f"**{name}** [{time}] {text}",
    "publisher-markdown": lambda time, name, text: f"**{name}** [{time}] {text}",
}


#: Styles that also keep the Markdown of the publisher's archive on chapter headings (``## [00:00:56] Title``).
MARKDOWN_HEADINGS = {"publisher-markdown"}


def restyled(episode: CorpusEpisode, style: str) -> CorpusEpisode:
    """The episode with its transcript's named turns written in another style; headings, and everything else, as they were.

    >>> e = CorpusEpisode("e", "dev", "2024-01-01", lines=["[00:01:02] Ann: Hi.", "[00:01:05] Hello."], transcript=[0, 1], segments=[0, 1])
    >>> restyled(e, "publisher").lines, restyled(e, "minutes").lines[0]
    (['Ann [00:01:02] Hi.', '[00:01:05] Hello.'], '[01:02] Ann: Hi.')
    """
    write = TRANSCRIPT_STYLES[style]
    lines = list(episode.lines)
    for index in episode.segments:
        if turn := _TURN.match(lines[index]):
            lines[index] = write(turn.group("time"), turn.group("name"), turn.group("text"))
    if style in MARKDOWN_HEADINGS:
        for index in set(episode.transcript) - set(episode.segments):
            lines[index] = "## " + lines[index]
    return replace(episode, lines=lines)


def damaged(line: str) -> str:
    """Damage one line as the scrapes were: UTF-8 with bytes 0x80–0x9F dropped, read as ISO-8859-16.

    >>> damaged("It’s “quoted” — here")
    'Itâs âquotedâ â here'
    """
    return damage_bytes(line)

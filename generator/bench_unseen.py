"""Fidelity on episodes the rules have never seen: the dev and test corpus, and the bundled dump.

Run ``python -m generator.bench_unseen`` (``make bench-unseen``). For each split
of ``tests/corpus`` the clean episodes are written as one listing dump in the
app's layout, damaged as the scrapes were, and read by the generator with no
metadata, exactly as a new user's dump would be. What it found is compared with
the truth the corpus files hold (see :mod:`generator.corpus`). The bundled dump
is measured against the tables written by reading it (``tests/golden``).

Figures, per split:

* transcripts found: episodes whose transcript the parser read as one (every
  transcript line in the transcript, none in the notes);
* segments within 2%: episodes whose segment count is within 2% of the truth;
* chapters found / false chapters: listed and in-transcript chapters found at
  their time (within 5 s) with their title; chapters found that are none;
* damaged lines restored exactly: lines the damage changed that the repair
  gives back character for character;
* of them, beyond their bytes: damaged lines holding a pictograph outside the
  Basic Multilingual Plane (an emoji: Unicode category So) whose surviving
  bytes are those of other such pictographs too. A property of the text and the damage,
  not of the repair: no rule and no model of prose can tell 🎉 from 🎈 when only
  the byte F0 is left, so these lines bound what any repair restores exactly;
* of them, a quote facing the wrong way: damaged lines whose clean text holds a
  curly quote turned against its words, as the source wrote it (an opening
  quote with nothing after it, ``them.“``; a closing double quote that opens
  a word, ``(”congrats``, ``over”/”we``). The bytes of all four quotes are one lone ``â``, so
  a repair reads a quote's direction from where it stands and cannot give
  such a line back; like the line above, a property of the text, counted
  without the repair;
* damage signatures left: damage shapes (``â``, a lead and a follower, ``⊠``,
  U+FFFD) in the repaired text that the clean text does not hold;
* list entries in the reading list: bullets of the notes that cite something
  (a link in the original), with a reading-list item made from them;
* bullets that cite nothing, with an item: bullets of the notes with no link in
  the original that a reading-list item was made from (a topic, a lead-in to a
  sub-list): the reading list's false entries, as far as the corpus can tell;
* reading-list items from transcript lines: items made from a transcript line.

For the bundled dump the chapter and segment counts are compared per episode
with ``tests/golden/structure.json``, the repair with the dump lines of
``tests/cases/repair/dump_lines.json``, the list entries with the input lines of
``tests/golden/reading`` (a bullet that is no entry there cites nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .config import DEFAULT_PROFILE, ROOT, Config
from .corpus import TRANSCRIPT_STYLES, CorpusEpisode, Placed, damaged, dump_lines, load_corpus, load_layout, restyled
from .model import Episode
from .pipeline import load_site
from .profiles import load_profile
from .repair import repair_line
from .repair.chardata import damage_bytes, damage_signatures

#: Chapters this close are the same chapter (the parser's twin rule, and the truth's).
NEAR_SECONDS = 5
SEGMENT_TOLERANCE = 0.02
BUNDLED = ROOT / "input" / "000_66bcd3adb724be89.txt"
GOLDEN = ROOT / "tests" / "golden"
REPAIR_CASES = ROOT / "tests" / "cases" / "repair" / "dump_lines.json"


@dataclass
class Figures:
    """The figures of one split."""

    name: str
    episodes: int = 0
    transcripts: int = 0
    transcripts_found: int = 0
    segments_ok: int = 0
    chapters: int = 0
    chapters_found: int = 0
    false_chapters: int = 0
    damaged_lines: int = 0
    restored_lines: int = 0
    beyond_bytes: int = 0
    wrong_way: int = 0
    #: Damaged lines with neither of the two properties above, and how many of them were restored.
    restorable: int = 0
    restorable_restored: int = 0
    signatures: int = 0
    entries: int = 0
    entries_found: int = 0
    uncited: int = 0
    uncited_with_item: int = 0
    items_from_transcript: int = 0
    notes: list[str] = field(default_factory=list)

    def count_damaged(self, clean: str, restored: bool) -> None:
        """Count one damaged line, whether the repair gave back its clean text, and what bounds that."""
        lost, wrong_way = beyond_bytes(clean), wrong_way_quote(clean)
        self.damaged_lines += 1
        self.restored_lines += restored
        self.beyond_bytes += lost
        self.wrong_way += wrong_way
        if not (lost or wrong_way):
            self.restorable += 1
            self.restorable_restored += restored

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("episodes", str(self.episodes)),
            ("transcripts found", _ratio(self.transcripts_found, self.transcripts)),
            ("segments within 2% (episodes)", _ratio(self.segments_ok, self.transcripts)),
            ("chapters found", _ratio(self.chapters_found, self.chapters)),
            ("false chapters", str(self.false_chapters)),
            ("damaged lines restored exactly", _ratio(self.restored_lines, self.damaged_lines, share=True)),
            ("of them, beyond their bytes (emoji)", str(self.beyond_bytes)),
            ("of them, a quote facing the wrong way in the source", str(self.wrong_way)),
            ("damaged lines with neither, restored exactly", _ratio(self.restorable_restored, self.restorable, share=True)),
            ("damage signatures left", str(self.signatures)),
            ("list entries in the reading list", _ratio(self.entries_found, self.entries, share=True)),
            ("bullets that cite nothing, with an item", _ratio(self.uncited_with_item, self.uncited)),
            ("reading-list items from transcript lines", str(self.items_from_transcript)),
        ]


def _ratio(part: int, whole: int, share: bool = False) -> str:
    if not whole:
        return "–"
    text = f"{part}/{whole}"
    return f"{text} ({part / whole:.1%})" if share else text


def _config(inputs: tuple[Path, ...], work: Path, **changes) -> Config:
    return replace(
        Config(),
        inputs=inputs,
        metadata=work / "no-metadata.yml",
        generated_dir=work / "generated",
        site_dir=work / "site",
        search_index=False,
        **changes,
    )


def measure_split(name: str, episodes: list[CorpusEpisode], profile: str, work: Path) -> Figures:
    """Write a split as one damaged dump, read it like a new user's, and compare with the truth."""
    figures = Figures(name, episodes=len(episodes))
    layout = load_layout(profile)
    clean, placed = dump_lines(episodes, layout)
    broken = [damaged(line) for line in clean]
    path = work / f"corpus-{name}.txt"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    repaired = [repair_line(line)[0] for line in broken]
    for want, was, got in zip(clean, broken, repaired):
        if was != want:
            figures.count_damaged(want, got == want)
        figures.signatures += max(0, len(damage_signatures(got)) - len(damage_signatures(want)))
    site = load_site(_config((path,), work, profile=load_profile(profile)))
    by_line = {episode.origin.line: episode for episode in site.episodes}
    for place in placed:
        _compare(figures, place, by_line.get(place.first + 1))
    return figures


def _compare(figures: Figures, place: Placed, found: Episode | None) -> None:
    """Add one episode's comparison to the figures."""
    truth = place.episode
    line_of = {index: place.first + index + 1 for index in range(len(truth.lines))}
    if found is None:
        figures.notes.append(f"{truth.slug}: no episode starts at line {place.first + 1}")
    notes, segments, chapters, reading = (
        (found.notes, found.segments, found.chapters, found.reading) if found else ((), (), (), ())
    )
    transcript_lines = {line_of[i] for i in truth.transcript}
    notes_lines = {block.origin.line for block in notes}
    if truth.segments:
        figures.transcripts += 1
        if segments and not transcript_lines & notes_lines:
            figures.transcripts_found += 1
        if abs(len(segments) - len(truth.segments)) <= SEGMENT_TOLERANCE * len(truth.segments):
            figures.segments_ok += 1
    matched = set()
    for chapter in truth.chapters:
        figures.chapters += 1
        for index, got in enumerate(chapters):
            if _same_chapter(got, chapter):
                matched.add(index)
                figures.chapters_found += 1
                break
    twins = {i for i, got in enumerate(chapters) for c in truth.chapters if _same_chapter(got, c)}
    figures.false_chapters += len(set(range(len(chapters))) - matched - twins)
    cited = {line_of[i] for i in truth.cited}
    figures.entries += len(cited)
    item_lines = {item.origin.line for item in reading}
    figures.entries_found += len(cited & item_lines)
    uncited = {line_of[i] for i in truth.bullets} - cited
    figures.uncited += len(uncited)
    figures.uncited_with_item += len(uncited & item_lines)
    figures.items_from_transcript += sum(item.origin.line in transcript_lines for item in reading)


@lru_cache(maxsize=1)
def _astral_damage_counts() -> Counter:
    """How many pictographs (category So) beyond the BMP share each damaged form."""
    counts: Counter = Counter()
    for code in range(0x10000, 0x30000):
        char = chr(code)
        if unicodedata.category(char) == "So":
            counts[damage_bytes(char)] += 1
    return counts


def beyond_bytes(clean: str) -> bool:
    """Whether a pictograph of the clean line lies beyond the BMP and shares its damaged form with others.

    >>> beyond_bytes("Congrats 🎉"), beyond_bytes("It’s — “fine”"), beyond_bytes("𝑥 is one letter")
    (True, False, False)
    """
    counts = _astral_damage_counts()
    return any(ord(char) > 0xFFFF and unicodedata.category(char) == "So" and counts[damage_bytes(char)] > 1 for char in clean)


#: A curly quote turned against its words: an opening one before a space or the
#: line's end, or a closing double one after a space, the line's start, an
#: opening bracket or a slash and before a letter or digit.
_WRONG_WAY = re.compile(r"[\u201c\u2018](?=\s|$)|(?:^|(?<=[\s(\[{/]))\u201d(?=\w)")


def wrong_way_quote(clean: str) -> bool:
    """Whether the clean line holds a curly quote facing away from its words, as its source wrote it.

    >>> wrong_way_quote("it (”congrats”)"), wrong_way_quote("to them.“"), wrong_way_quote("said “fine” and ‘cause")
    (True, True, False)
    >>> wrong_way_quote("“it’s so over”/”we are so back”")
    True
    """
    return _WRONG_WAY.search(clean) is not None


def _same_chapter(got, chapter) -> bool:
    """A found chapter that is a truth chapter's twin (the list's and the transcript's wording of one chapter)."""
    titles = {got.title.casefold(), got.heading.casefold()}
    return abs(got.start - chapter.start) <= NEAR_SECONDS and chapter.title.casefold() in titles


def measure_bundled(work: Path) -> Figures:
    """Measure the bundled dump against the tables written by reading it."""
    figures = Figures("bundled")
    structure = json.loads((GOLDEN / "structure.json").read_text(encoding="utf-8"))
    site = load_site(replace(Config(), inputs=(BUNDLED,), generated_dir=work / "generated", search_index=False))
    parsed = {p.origin.line: p for p in site.parsed}
    for row in structure["episodes"]:
        figures.episodes += 1
        got = parsed.get(row["first_line"])
        segments = row["timed_segments"] + row["untimed_segments"]
        found_segments = len(got.segments) if got else 0
        if segments:
            figures.transcripts += 1
            figures.transcripts_found += bool(found_segments)
            figures.segments_ok += abs(found_segments - segments) <= SEGMENT_TOLERANCE * segments
        found_chapters = len(got.chapters) if got else 0
        figures.chapters += row["chapters"]
        figures.chapters_found += min(found_chapters, row["chapters"])
        figures.false_chapters += max(0, found_chapters - row["chapters"])
    for case in json.loads(REPAIR_CASES.read_text(encoding="utf-8")):
        figures.count_damaged(case["fixed"], repair_line(case["original"])[0] == case["fixed"])
    for episode in site.episodes:
        lines = [block.text for block in episode.notes] + [s.text for s in episode.segments]
        lines += [c.title for c in episode.chapters]
        figures.signatures += sum(len(damage_signatures(text)) for text in lines)
    transcript_lines = {seg.origin.line for p in site.parsed for seg in p.segments}
    transcript_lines |= {c.origin.line for p in site.parsed for c in p.headings}
    wanted = set()
    for path in sorted((GOLDEN / "reading").glob("*.json")):
        wanted |= {row["line"] for row in json.loads(path.read_text(encoding="utf-8"))["items"]}
    items = [item for episode in site.episodes for item in episode.reading]
    figures.entries = len(wanted)
    item_lines = {item.origin.line for item in items}
    figures.entries_found = len(wanted & item_lines)
    bullets = {block.origin.line for episode in site.episodes for block in episode.notes if block.kind == "bullet"}
    figures.uncited = len(bullets - wanted)
    figures.uncited_with_item = len((bullets - wanted) & item_lines)
    figures.items_from_transcript = sum(item.origin.line in transcript_lines for item in items)
    return figures


def table(columns: list[Figures]) -> str:
    """Render the figures as one Markdown table, a column per split."""
    header = "| measure | " + " | ".join(f.name for f in columns) + " |"
    lines = [header, "|---|" + "---|" * len(columns)]
    for index, (label, _) in enumerate(columns[0].rows()):
        lines.append(f"| {label} | " + " | ".join(f.rows()[index][1] for f in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table of every split (and optionally write the figures as JSON)."""
    parser = argparse.ArgumentParser(prog="python -m generator.bench_unseen", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="the layout (tests/corpus/layouts) and profile the corpus dumps are written and read in")
    parser.add_argument(
        "--style", default="bracket", choices=sorted(TRANSCRIPT_STYLES),
        help="write the corpus transcripts' turns in this style first (as another show's export would)",
    )
    args = parser.parse_args(argv)
    corpus = [restyled(episode, args.style) for episode in load_corpus()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        columns = [
            measure_split(split, [e for e in corpus if e.split == split], args.profile, work)
            for split in ("dev", "test")
        ]
        columns.append(measure_bundled(work))
    print(table(columns))
    for figures in columns:
        for note in figures.notes:
            print(f"note ({figures.name}): {note}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps([f.__dict__ for f in columns], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

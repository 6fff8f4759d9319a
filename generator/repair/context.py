"""A model of context, learned from clean text, that picks the character a lone ``â`` was.

A lone ``â`` lost both continuation bytes: it was one of some 900 characters
(’ “ ” — – → … and the rest) that nothing in its bytes tells apart. What tells
them apart is where they stand. The model counts, in clean text, every
character that would become a lone ``â``, by the shape of its surroundings:

* the kinds of the characters on each side (space, lower or upper letter,
  digit, opening or closing bracket, sentence or other punctuation, line
  start or end) — a closing quote follows a word, an opening one a space;
* the letters after it when they are one or two and end the word (``s``,
  ``t``, ``re``, ``ll``: clitics) or the word after it when it is a known
  one (``‘cause``, ``’em``), and whether a single letter stands before it
  (``h → 0``);
* whether the line is a list item or a timestamped line (titles, where en
  dashes and arrows stand) or running prose.

To choose, the model reads the most specific shape seen often enough
(:data:`MIN_EVIDENCE` times) and backs off to less specific ones; it returns
the candidates the bytes allow, likeliest first, with their shares. A choice
is sure only with :data:`SURE_SHARE` of the evidence and :data:`SURE_COUNT`
cases behind it; otherwise it is reported as ambiguous, the others listed.

The repair asks it where its neighbour rules say nothing (a glued dash
between a word and ``I``). Letting it overrule the rules' ambiguous readings
was tried and measured: with the few hundred clean lines it learns from it
made the bundled dump's repair worse (40 of 41 lines to 36), so it does not,
until the corpus it learns from is larger.

The counts are data: ``context_counts.json`` beside this file, built by
``python -m generator.repair.context`` from the clean text named in its
``sources`` (the dev split of ``tests/corpus`` and the clean corpus of the
repair benchmark); never from the test split.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from .chardata import E2, damage_bytes

COUNTS = Path(__file__).with_name("context_counts.json")
#: Fewest cases a shape needs before its counts are read.
MIN_EVIDENCE = 4
#: A choice is sure (``fixed``) with this share of at least this many cases.
SURE_SHARE = 0.97
SURE_COUNT = 40
#: Words after a lone â that the model knows by themselves, when seen this often.
MIN_WORD_COUNT = 2

_OPENERS = "([{\"'\u00ab"
_CLOSERS = ")]}\u00bb"


def lone_e2_characters() -> frozenset[str]:
    """Every character the damage turns into a lone ``â`` (both continuation bytes lost)."""
    return _LONE


_LONE = frozenset(chr(c) for c in range(0x2000, 0x3000) if damage_bytes(chr(c)) == E2)


def _kind(char: str) -> str:
    if not char:
        return "edge"
    if char.isspace():
        return "space"
    if char.isalpha():
        return "upper" if char.isupper() else "lower"
    if char.isdigit():
        return "digit"
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS:
        return "close"
    if char in ".!?":
        return "stop"
    if char in ",;:":
        return "comma"
    return "other"


def _letters_after(text: str, at: int) -> str:
    end = at
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[at:end]


def _letters_before(text: str, at: int) -> str:
    start = at
    while start and text[start - 1].isalpha():
        start -= 1
    return text[start:at]


def _line_kind(text: str) -> str:
    stripped = text.lstrip()
    return "item" if stripped.startswith(("* ", "- ", "[")) else "prose"


def shapes(text: str, at: int) -> list[str]:
    """The shapes of position ``at`` of ``text``, most specific first.

    Every shape keeps what follows (a clitic, a word, nothing): backing off
    past it would mix ``don’t`` with ``models—including``.
    """
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    sides = f"{_kind(before)}|{_kind(after)}"
    word = _letters_after(text, at + 1).casefold()
    clitic = word if 0 < len(word) <= 2 else ("word" if word else "-")
    single = "single" if len(_letters_before(text, at)) == 1 else "-"
    line = _line_kind(text)
    return [
        f"w|{_kind(before)}|{word}",
        f"{sides}|{clitic}|{single}|{line}",
        f"{sides}|{clitic}|{single}",
        f"{sides}|{clitic}",
    ]


def train(lines: list[str]) -> dict[str, dict[str, int]]:
    """Count, per shape, the characters that would become a lone ``â``."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        for at, char in enumerate(line):
            if char in _LONE:
                for shape in shapes(line, at):
                    counts[shape][char] += 1
    words = {shape: counter for shape, counter in counts.items() if shape.startswith("w|")}
    # A word is known by itself only when seen often enough; otherwise its shape says nothing new.
    for shape, counter in words.items():
        if sum(counter.values()) < MIN_WORD_COUNT:
            del counts[shape]
    return {shape: dict(counter.most_common()) for shape, counter in sorted(counts.items())}


@lru_cache(maxsize=1)
def _model() -> dict[str, dict[str, int]]:
    if not COUNTS.exists():
        return {}
    return json.loads(COUNTS.read_text(encoding="utf-8"))["counts"]


def rank(text: str, at: int, allowed: tuple[str, ...]) -> tuple[list[tuple[str, float]], int, int]:
    """Rank the allowed characters for the lone ``â`` at ``at``.

    Returns (character, share) pairs likeliest first, the number of cases
    behind them, and how specific the shape read was (0: the word itself, 1:
    the full shape with the kind of line; higher is vaguer). ``([], 0, -1)``
    when no shape of this position was seen often enough.
    """
    model = _model()
    for level, shape in enumerate(shapes(text, at)):
        seen = {c: n for c, n in model.get(shape, {}).items() if c in allowed}
        total = sum(seen.values())
        if total >= MIN_EVIDENCE:
            ranked = sorted(seen.items(), key=lambda item: (-item[1], allowed.index(item[0])))
            return [(c, n / total) for c, n in ranked], total, level
    return [], 0, -1


def is_sure(ranked: list[tuple[str, float]], evidence: int) -> bool:
    """Tell whether the likeliest character has enough of enough evidence to be called fixed."""
    return bool(ranked) and ranked[0][1] >= SURE_SHARE and evidence >= SURE_COUNT


def training_lines() -> tuple[list[str], list[str]]:
    """The clean lines the model is learned from, and the names of their sources."""
    from ..config import ROOT
    from ..corpus import load_corpus

    clean_corpus = ROOT / "tests" / "cases" / "repair" / "clean_corpus.txt"
    lines = clean_corpus.read_text(encoding="utf-8").splitlines()
    sources = [str(clean_corpus.relative_to(ROOT))]
    for episode in load_corpus():
        if episode.split == "dev":
            lines += episode.lines
            sources.append(f"tests/corpus/episodes/{episode.slug}/clean.md (dev)")
    return lines, sources


def main() -> int:
    """Learn the counts from the clean text and write them beside this module."""
    lines, sources = training_lines()
    counts = train(lines)
    data = {
        "about": "Counts of the characters a lone â stands for, by the shape of their surroundings; "
        "written by `python -m generator.repair.context` (see generator/repair/context.py).",
        "sources": sources,
        "counts": counts,
    }
    COUNTS.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(counts)} shapes from {len(lines)} lines of {len(sources)} sources -> {COUNTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

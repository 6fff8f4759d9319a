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
until the corpus it learns from is larger. ``python -m generator.repair.context
--cross-validate`` measures that: each source held out in turn, it counts where
the model, learned from the others, is right and the rules wrong, and the
reverse. On the dev text (921 characters that became a lone ``â``) the rules
read 907 right; the model reads 876 of them and gets 841 right, 2 of them
ones the rules miss and 27 wrong that the rules read right, so it still does
not overrule them.

The counts are data: ``context_counts.json`` beside this file, built by
``python -m generator.repair.context`` from the clean text named in its
``sources`` (the dev split of ``tests/corpus`` and the clean corpus of the
repair benchmark); never from the test split.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
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


_LEARNED: list[dict[str, dict[str, int]]] = []


@lru_cache(maxsize=1)
def _model() -> dict[str, dict[str, int]]:
    if _LEARNED:
        return _LEARNED[-1]
    if not COUNTS.exists():
        return {}
    return json.loads(COUNTS.read_text(encoding="utf-8"))["counts"]


def _use(model: dict[str, dict[str, int]]) -> None:
    """Read ``model`` instead of the stored counts until the cache is cleared (cross-validation only)."""
    _LEARNED[:] = [model]
    _model.cache_clear()


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


def training_sources() -> dict[str, list[str]]:
    """The clean lines the model is learned from, by the name of their source."""
    from ..config import ROOT
    from ..corpus import load_corpus

    clean_corpus = ROOT / "tests" / "cases" / "repair" / "clean_corpus.txt"
    sources = {str(clean_corpus.relative_to(ROOT)): clean_corpus.read_text(encoding="utf-8").splitlines()}
    for episode in load_corpus():
        if episode.split == "dev":
            sources[f"tests/corpus/episodes/{episode.slug}/clean.md (dev)"] = episode.lines
    return sources


def training_lines() -> tuple[list[str], list[str]]:
    """The clean lines the model is learned from, and the names of their sources."""
    sources = training_sources()
    return [line for lines in sources.values() for line in lines], list(sources)


@dataclass
class Agreement:
    """How the rules and the model read the lone ``â`` of one held-out source."""

    positions: int = 0
    rules_right: int = 0
    model_read: int = 0
    model_right: int = 0
    model_right_rules_wrong: int = 0
    rules_right_model_wrong: int = 0


def cross_validate() -> dict[str, Agreement]:
    """Hold out each source in turn, learn from the others, and compare the rules' and the model's readings.

    At every character of the held-out clean text that the damage turns into a
    lone ``â``, the rules' reading is the character the repair puts there (in
    lines the repair gives back at their length) and the model's is its first
    choice among the characters the bytes allow, read in the clean line. A
    model worth letting overrule the rules would be right where they are wrong
    more often than the reverse.
    """
    from . import _repair, repair_line

    sources = training_sources()
    allowed = tuple(sorted(_LONE))
    results: dict[str, Agreement] = {}
    try:
        for held_out, lines in sources.items():
            model = train([line for name, rest in sources.items() if name != held_out for line in rest])
            _use(model)
            _repair.cache_clear()
            agreement = results.setdefault(held_out, Agreement())
            for line in lines:
                repaired = repair_line(damage_bytes(line))[0]
                if len(repaired) != len(line):
                    continue
                for at, char in enumerate(line):
                    if char not in _LONE:
                        continue
                    agreement.positions += 1
                    rules = repaired[at] == char
                    agreement.rules_right += rules
                    ranked, _, _ = rank(line, at, allowed)
                    if ranked:
                        model_ok = ranked[0][0] == char
                        agreement.model_read += 1
                        agreement.model_right += model_ok
                        agreement.model_right_rules_wrong += model_ok and not rules
                        agreement.rules_right_model_wrong += rules and not model_ok
    finally:
        _LEARNED.clear()
        _model.cache_clear()
        _repair.cache_clear()
    return results


def main(argv: list[str] | None = None) -> int:
    """Learn the counts from the clean text and write them beside this module (or cross-validate)."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--cross-validate"]:
        for name, a in cross_validate().items():
            print(
                f"{name}: {a.positions} lone-â characters; rules right {a.rules_right}; model read {a.model_read}, "
                f"right {a.model_right}; model right where the rules are wrong {a.model_right_rules_wrong}, "
                f"rules right where the model is wrong {a.rules_right_model_wrong}"
            )
        return 0
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

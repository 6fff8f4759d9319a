"""Time the repair stage: the one-time load of the word counts, each math line of the dump, the whole dump.

Run ``python -m generator.repair.timing [--input PATH] [--repeat N]`` in a
fresh process (it also times a tree from before :mod:`.wordcounts`, for a
before-and-after comparison: copy this file into that tree's package). Each figure is CPU time (``time.process_time``, which another
busy process on the machine disturbs less) with wall time beside it; a line's
figure is the best of ``--repeat`` runs with the line cache emptied before each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DUMP = Path(__file__).resolve().parents[2] / "input" / "000_66bcd3adb724be89.txt"


def _clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    cpu, wall = _clock()
    return cpu - start[0], wall - start[1]


def _show(label: str, cpu: float, wall: float, note: str = "") -> None:
    print(f"{label:<42} {cpu * 1000:8.1f} ms CPU {wall * 1000:8.1f} ms wall  {note}".rstrip())


def _empty_caches() -> None:
    from . import mathspans

    package = sys.modules[__package__]
    for cached in (getattr(package, "_repair", None), getattr(mathspans, "_vocabulary_view", None)):
        if cached is not None:
            cached.cache_clear()


def _load_counts() -> None:
    """Load the word counts (on a tree from before :mod:`.wordcounts`, wordsegment's own load)."""
    try:
        from . import wordcounts
    except ImportError:
        from . import mathspans

        mathspans._segmenter()  # type: ignore[attr-defined]
        return
    wordcounts.unigrams(), wordcounts.bigrams()


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m generator.repair.timing", description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DUMP, help="a dump to repair line by line")
    parser.add_argument("--repeat", type=int, default=5, help="runs per math line (the best is shown)")
    args = parser.parse_args(argv)

    from . import chardata, repair_line

    lines = args.input.read_text(encoding="utf-8").split("\n")
    start = _clock()
    _load_counts()
    _show("one-time load of the word counts", *_since(start))

    for number, line in enumerate(lines, 1):
        if chardata.F0 not in line:
            continue
        best = None
        for _ in range(args.repeat):
            _empty_caches()
            start = _clock()
            _, fixes = repair_line(line)
            took = _since(start)
            best = took if best is None or took[0] < best[0] else best
        if any(fix.step == "math" for fix in fixes):
            _show(f"math line {number} ({len(line):,} characters)", *best, f"best of {args.repeat}")

    size = sum(len(line.encode("utf-8")) for line in lines)
    _empty_caches()
    for label in ("whole input, counts loaded", "whole input again (line cache)"):
        start = _clock()
        for line in lines:
            repair_line(line)
        cpu, wall = _since(start)
        _show(label, cpu, wall, f"{size / 1e6 / cpu:.1f} MB/s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())

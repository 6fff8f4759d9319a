"""Load the data-driven parser cases: real lines of the bundled dump, named by line number.

Holds no tests itself; the other test_parse_* files read their cases through it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from generator.config import ROOT
from generator.model import Line, Origin

CASES = Path(__file__).parent / "cases" / "parse"
DUMP = ROOT / "input" / "000_66bcd3adb724be89.txt"


@cache
def dump_lines() -> tuple[str, ...]:
    """The bundled dump's raw lines (index 0 is line 1)."""
    return tuple(DUMP.read_text(encoding="utf-8").split("\n"))


def dump_line(number: int) -> Line:
    """One raw line of the dump, as the parser receives it (no repair)."""
    return Line(text=dump_lines()[number - 1], origin=Origin(str(DUMP), number))


def load(name: str) -> list[dict]:
    """The cases of one file in tests/cases/parse."""
    return json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]

"""The parser against a table written by reading the bundled dump (``tests/golden/structure.json``).

The table was counted with sed and grep over the dump, never by running the
parser; its ``how_counted`` says how. Inline times were counted with
``re.findall(r"\\[\\d\\d:\\d\\d:\\d\\d\\]", line)`` over each transcript line, minus
the line's own leading or speaker stamp. When the parser and the table
disagree, read the lines the table names before changing either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import Config
from generator.parse import Parsed, parse_episode
from generator.pipeline import repair_lines
from generator.sources.dump import split_dump
from generator.sources.read import read_input

GOLDEN = Path(__file__).parent / "golden" / "structure.json"
TABLE = json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed_dump() -> dict[int, Parsed]:
    """Every episode of the bundled dump, parsed, by its first line number."""
    from generator.config import ROOT

    path = ROOT / TABLE["input"]
    text, _ = read_input(path)
    split = split_dump(repair_lines(text.split("\n"), str(path)), Config().profile, str(path))
    episodes = [parse_episode(raw_episode, Config().profile) for raw_episode in split.episodes]
    return {parsed.origin.line: parsed for parsed in episodes}


def measure(parsed: Parsed) -> dict[str, object]:
    """Count what the parser found, in the table's terms."""
    lines = [line.origin.line for line in parsed.raw.lines]
    notes_lines = len({block.origin for block in parsed.notes})
    return {
        "first_line": lines[0],
        "last_line": lines[-1],
        "truncated": parsed.raw.truncated,
        "notes_lines": notes_lines,
        "listed_chapters": sum(1 for c in parsed.chapters if c.source == "list"),
        "transcript_headings": len(parsed.headings),
        "chapters": len(parsed.chapters),
        "timed_segments": sum(1 for s in parsed.segments if s.timed),
        "untimed_segments": sum(1 for s in parsed.segments if not s.timed),
        "inline_times": sum(len(s.marks) for s in parsed.segments),
        "skipped_lines": len(parsed.skipped),
        "speakers": sorted(s.name for s in parsed.speakers),
    }


def test_the_table_covers_every_episode(parsed_dump):
    assert sorted(parsed_dump) == [row["first_line"] for row in TABLE["episodes"]]


@pytest.mark.parametrize("row", TABLE["episodes"], ids=lambda row: f"line{row['first_line']}")
def test_episode_matches_the_table(parsed_dump, row):
    expected = {key: value for key, value in row.items() if key != "what"}
    assert measure(parsed_dump[row["first_line"]]) == expected


def test_totals_match_the_table(parsed_dump):
    found = [measure(parsed) for parsed in parsed_dump.values()]
    for key in ("chapters", "timed_segments", "untimed_segments", "inline_times"):
        assert sum(row[key] for row in found) == sum(row[key] for row in TABLE["episodes"]), key

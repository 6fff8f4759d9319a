"""Transcript lines in every form the dump uses (cases: tests/cases/parse/transcript.json)."""

from __future__ import annotations

import pytest

from generator.model import Line, Origin
from generator.parse.transcript import parse_transcript

from .test_parse_cases import dump_line, load

CASES = load("transcript.json")


def _parse(case: dict):
    first, last = case["lines"]
    lines = [dump_line(number) for number in range(first, last + 1)]
    titles = {title.casefold() for title in case["list_titles"]}
    return parse_transcript(lines, titles, "case")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["label"])
def test_transcript_run(case):
    result = _parse(case)
    segments = {s.origin.line: s for s in result.segments}
    headings = {c.origin.line: c for c in result.chapters}
    skipped = {line.origin.line for line in result.skipped}
    for expected in case["expected"]:
        number = expected["line"]
        assert [number in segments, number in headings, number in skipped].count(True) == 1, number
        if expected["kind"] == "heading":
            assert (headings[number].start, headings[number].title) == (expected["start"], expected["title"])
        elif expected["kind"] == "skipped":
            assert number in skipped
        else:
            seg = segments[number]
            assert (seg.start, seg.speaker, seg.timed) == (expected["start"], expected["speaker"], expected["timed"])
            assert [m.seconds for m in seg.marks] == expected["marks"]
            assert seg.text.startswith(expected["text"]), (seg.text[:80], expected["text"])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["label"])
def test_segment_ends_where_the_next_starts(case):
    segments = _parse(case).segments
    for seg, following in zip(segments, segments[1:]):
        assert seg.end == max(seg.start, following.start)
    if segments:
        assert segments[-1].end > segments[-1].start


def test_inline_marks_round_trip_through_offsets():
    line = dump_line(41)
    seg = parse_transcript([line], set(), "case").segments[0]
    mark = seg.marks[0]
    assert seg.text[: mark.offset].endswith("Amazon Q ")
    assert seg.text[mark.offset :].startswith("Devlo")


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("[00:61:00] Swyx: minutes past sixty", "malformed timestamp [00:61:00]"),
        ("[1:2:3] Swyx: too few digits", "malformed timestamp [1:2:3]"),
        ("[99:99] Swyx: two parts", "malformed timestamp [99:99]"),
        ("Swyx [00:61:00]: speaker first", "malformed timestamp [00:61:00]"),
        ("[25:00:00] Swyx: a day and more", "past 24 hours"),
        ("[00:00:01] " + "A" * 500 + ": a long label", "speaker label of 500 characters"),
        ("A" * 500 + " [00:00:01]: a long label first", "speaker label of 500 characters"),
    ],
)
def test_bad_timestamps_and_labels_are_reported_and_kept(text, warning):
    result = parse_transcript([Line(text, Origin("case.txt", 7))], set(), "episode 1")
    assert any(warning in w.message and w.origin == Origin("case.txt", 7) for w in result.warnings), result.warnings
    kept = " ".join(filter(None, [result.segments[0].speaker, result.segments[0].text])) if result.segments else ""
    for word in text.replace("[", " ").replace("]", " ").replace(":", " ").split():
        if not word.isdigit():
            assert word in kept


def test_timestamps_that_go_back_are_reported_and_kept_in_order():
    lines = [Line(t, Origin("case.txt", n)) for n, t in enumerate(["[00:10:00] A: one", "[00:05:00] B: two"], 1)]
    result = parse_transcript(lines, set(), "episode 1")
    assert [s.text for s in result.segments] == ["one", "two"]
    assert any("goes back in time" in w.message and w.origin.line == 2 for w in result.warnings)
    assert result.segments[0].end == 600

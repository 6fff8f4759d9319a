"""Chapter-list lines in every format the dump uses (cases: tests/cases/parse/chapters.json)."""

from __future__ import annotations

import pytest

from generator.parse.chapters import looks_like_chapter, parse_chapter_line
from generator.model import Origin

from .test_parse_cases import dump_line, load

CASES = load("chapters.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["label"])
def test_chapter_line(case):
    line = dump_line(case["line"])
    assert line.text.startswith(case["starts"]), "the dump changed under this case"
    found = parse_chapter_line(line.text, line.origin)
    if case["expected"] is None:
        assert found is None
    else:
        assert [[c.start, c.title] for c in found] == case["expected"]
        assert all(c.origin == line.origin and c.source == "list" for c in found)


@pytest.mark.parametrize(
    "text",
    ["* [99:99] Broken", "00:61:00 Broken", "* [1:2:3] Broken"],
)
def test_malformed_times_are_not_chapters_but_are_recognised(text):
    assert parse_chapter_line(text, Origin("case", 1)) is None
    assert looks_like_chapter(text)


def test_glued_times_that_go_back_stay_in_the_title():
    found = parse_chapter_line("10:00 Recap of 05:00 stuff02:00 Tail", Origin("case", 1))
    assert [[c.start, c.title] for c in found] == [[600, "Recap of 05:00 stuff02:00 Tail"]]


@pytest.mark.parametrize(
    "text",
    ["(12:34) Intro", "* (0:12:34) - Intro", "12:34 — Intro", "12:34 | Intro", "12:34 · Intro", "[12:34] Intro"],
)
def test_common_chapter_styles_of_other_shows_read_the_same(text):
    # Styles of chapter lists beyond this dump: times in parentheses, and a dash, bar or dot after the time.
    found = parse_chapter_line(text, Origin("case", 1))
    assert [[c.start, c.title] for c in found] == [[754, "Intro"]]


def test_a_malformed_time_in_parentheses_is_recognised_but_no_chapter():
    assert parse_chapter_line("(99:99) Broken", Origin("case", 1)) is None
    assert looks_like_chapter("(99:99) Broken")

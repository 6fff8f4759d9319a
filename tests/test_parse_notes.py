"""Show-notes lines: paragraphs, headings, bullets, link lines (cases: tests/cases/parse/notes.json)."""

from __future__ import annotations

import pytest

from generator.profiles import load_profile
from generator.parse.notes import parse_notes

from .test_parse_cases import dump_line, load

CASES = load("notes.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["label"])
def test_notes_line(case):
    line = dump_line(case["line"])
    blocks = parse_notes([line], load_profile("latent-space-app"))
    if case["expected"] is None:
        assert blocks == []
        return
    kind, text, url = case["expected"]
    if text == "@line":
        text = line.text.strip()
    assert [(b.kind, b.text, b.url, b.origin) for b in blocks] == [(kind, text, url, line.origin)]

"""Repair rules for shapes the bundled dump does not show, and the context model learned from clean text.

The examples are the failures the issue reported on unseen episodes (glued
dashes, ``‘cause``, speech broken off before a space, Cyrillic) and clean
text of the dev corpus; each is damaged with the known damage and repaired.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from generator.corpus import damaged
from generator.model import LOST
from generator.repair import context, repair_line


@pytest.mark.parametrize(
    "clean, step",
    [
        ("It felt like—you know, fast.", "mojibake:dash"),
        ("so where do—we start from", "mojibake:dash"),
        ("‘cause it works", "mojibake:elision"),
        ("and we were— and then it broke", "mojibake:dash"),
    ],
)
def test_unseen_shapes_come_back(clean, step):
    text, fixes = repair_line(damaged(clean))
    assert text == clean
    assert [(f.step, f.status) for f in fixes] == [(step, "ambiguous")]
    assert fixes[0].after in fixes[0].candidates


@pytest.mark.parametrize(
    "clean, steps",
    [
        # Shapes of the dev split's added episodes (tests/corpus/splits.yml, added_to_dev).
        ("* Her path: Oxford → DeepMind (2019) → o1 team → Founder of a lab", ["mojibake:arrow-chain"] * 3),
        ("* Path: Berkeley PhD → OpenAI intern → Cursor ML lead in a year, then more", ["mojibake:arrow-chain"] * 2),
        ("to avoid overoptimization—where models game the reward", ["mojibake:dash"]),
        ("they want an “Open Model”—a fully open one", ["mojibake:quotes", "mojibake:dash", "mojibake:quotes"]),
        ("he said—“we ship” and left", ["mojibake:dash", "mojibake:quotes", "mojibake:quotes"]),
        ("—", ["mojibake:divider"]),
        ("* Handoﬀs: pass the task on", ["mojibake:word"]),
        # The fourth round's dev episodes.
        ("the one-year journey of MCP—from Thanksgiving hacking", ["mojibake:dash"]),
        ("Model Context Protocol (MCP)—a simple, open standard", ["mojibake:dash"]),
        ("While the GPT1→2→3 progression was clear, and Midjourney 4→5 heralded more", ["mojibake:arrow-chain"] * 3),
    ],
)
def test_shapes_of_the_added_dev_episodes_come_back(clean, steps):
    text, fixes = repair_line(damaged(clean))
    assert text == clean
    assert sorted(f.step for f in fixes) == sorted(steps)
    assert all(f.status == "ambiguous" and f.after in f.candidates for f in fixes)


@pytest.mark.parametrize(
    "clean, step",
    [
        # Fifth round's dev episodes: build-ai-ux (a spaced ellipsis), why-mcp-won (a quote closed before a suffix).
        ("what if we could prompt text like we prompt MidJourney? … Once you have primitives", "ftfy"),
        ("MCP’s “AI Native”ness being born after the initial wave", "mojibake:quotes"),
    ],
)
def test_shapes_of_the_fifth_rounds_dev_episodes_come_back(clean, step):
    text, fixes = repair_line(damaged(clean))
    assert text == clean
    assert any(f.step.startswith(step) for f in fixes)


def test_a_real_a_circumflex_inside_quotes_stays():
    assert repair_line("a “pâte” or the pâte")[0] == "a “pâte” or the pâte"


def test_a_possessive_after_a_name_in_capitals_is_an_apostrophe():
    text, fixes = repair_line(damaged("IDEFICS’ training data used the upstream"))
    assert text == "IDEFICS’ training data used the upstream"
    assert [f.step for f in fixes] == ["mojibake:possessive"]


@pytest.mark.parametrize(
    "clean",
    ["pages 10–12 of the report, and 3–4 more", "a 4–5 hour flight"],
)
def test_a_range_between_two_numbers_stays_a_range_without_a_progression(clean):
    text, fixes = repair_line(damaged(clean))
    assert text == clean
    assert {f.step for f in fixes} == {"mojibake:range"}


@pytest.mark.parametrize(
    "clean",
    [
        "We tried Claude — their model — and it worked.",
        "Anthropic’s Claude 3.5 Sonnet — first seen in June — is still used.",
        "The team at the lab released it in three sizes — 1B, 3B and 8B — last week.",
    ],
)
def test_dashes_around_an_aside_are_no_arrow_chain(clean):
    text, fixes = repair_line(damaged(clean))
    assert text == clean
    assert "mojibake:arrow-chain" not in {f.step for f in fixes}


def test_a_real_a_circumflex_stays():
    for clean in ("the pâte", "România", "l'âge d'or", "âme sœur"):
        assert repair_line(clean) == (clean, ())


def test_a_spaced_dash_lists_the_arrow_it_may_be():
    text, (fix,) = repair_line(damaged("from text → speech"))
    assert fix.status == "ambiguous" and "\u2192" in fix.candidates


def test_a_word_of_another_alphabet_marks_its_lost_letters_as_lost():
    text, fixes = repair_line(damaged("Привет мир"))
    assert text == f"{LOST}{LOST}иве{LOST} ми{LOST}"
    lost = [f for f in fixes if f.status == "unrecoverable"]
    assert len(lost) == 4
    assert all(unicodedata.name(c).startswith("CYRILLIC") for f in lost for c in f.candidates)
    assert "А" in lost[0].candidates and "р" in lost[1].candidates


def test_the_counts_are_what_the_clean_text_gives():
    lines, sources = context.training_lines()
    stored = json.loads(context.COUNTS.read_text(encoding="utf-8"))
    assert stored["counts"] == context.train(lines)
    assert stored["sources"] == sources
    assert not any("(test)" in source for source in sources)


def test_the_model_ranks_what_the_bytes_allow_by_the_shape():
    model = context.train(["don’t stop", "it’s fine", "we “quote” it", "a — b"])
    assert model["lower|lower|t|-|prose"] == {"’": 1}
    ranked, evidence, level = context.rank("donât stop", 3, ("\u2019", "\u2014"))
    assert ranked[0][0] == "\u2019" and evidence >= context.MIN_EVIDENCE and level >= 0
    assert context.rank("xâx", 1, ("\u2603",)) == ([], 0, -1)


def test_cross_validation_holds_out_each_source_and_restores_the_stored_counts():
    stored = json.loads(context.COUNTS.read_text(encoding="utf-8"))["counts"]
    sources = context.training_sources()
    results = context.cross_validate()
    assert list(results) == list(sources)
    lone = sum(char in context.lone_e2_characters() for lines in sources.values() for line in lines for char in line)
    assert 0 < sum(a.positions for a in results.values()) <= lone
    for a in results.values():
        assert a.rules_right <= a.positions and a.model_right <= a.model_read <= a.positions
        assert a.model_right_rules_wrong <= a.model_right and a.rules_right_model_wrong <= a.rules_right
    assert context._model() == stored, "the counts learned for a fold must not outlive the cross-validation"


def test_a_held_out_source_is_not_learned_from(monkeypatch):
    # A word seen only in the held-out source is unknown to its fold's model.
    monkeypatch.setattr(context, "training_sources", lambda: {"a": ["x ’zorp"] * 3, "b": ["we’re here"] * 5})
    seen = []
    real_train = context.train
    monkeypatch.setattr(context, "train", lambda lines: seen.append(sorted(set(lines))) or real_train(lines))
    context.cross_validate()
    assert seen == [["we’re here"], ["x ’zorp"]]

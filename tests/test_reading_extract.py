"""Reading-list extraction against goldens written by reading the bundled dump's show notes.

Each ``tests/golden/reading/<slug>.json`` lists, in order, what the episode's notes
cite: the input line, kind, group, title, URL and summary. They were written from
the notes, not from the extractor's output; ``read`` in each file says which lines
and shapes were read. A summary given as ``{"lines": [...]}`` is those bullets of
the notes joined: the abstract sentences the page flattened into sibling bullets.
When the extractor and a golden disagree, read the lines before changing either.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import ROOT, Config
from generator.model import Link, NoteBlock, Origin
from generator.reading.extract import extract_reading, is_sentence, title_key, short_name
from generator.pipeline import load_site
BUNDLED_DUMP = ROOT / "input" / "000_66bcd3adb724be89.txt"
GOLDEN = Path(__file__).parent / "golden" / "reading"
GOLDENS = sorted(GOLDEN.glob("*.json"))


@pytest.fixture(scope="module")
def episodes():
    """The bundled dump's episodes, by slug, with their reading lists attached."""
    site = load_site(replace(Config(), inputs=(BUNDLED_DUMP,)))
    return {episode.slug: episode for episode in site.episodes}


def _expected(golden: dict, episode) -> list[dict]:
    notes = {block.origin.line: block.text for block in episode.notes}
    rows = []
    for row in golden["items"]:
        summary = row.get("summary", "")
        if isinstance(summary, dict):
            summary = " ".join(notes[line] for line in summary["lines"])
        rows.append(
            {
                "line": row["line"],
                "kind": row["kind"],
                "group": row.get("group"),
                "title": row["title"],
                "url": row.get("url"),
                "summary": summary,
            }
        )
    return rows


def _found(episode) -> list[dict]:
    return [
        {
            "line": item.origin.line,
            "kind": item.kind,
            "group": item.group,
            "title": item.title,
            "url": item.url,
            "summary": item.summary,
        }
        for item in episode.reading
    ]


def test_every_episode_with_notes_has_a_golden(episodes):
    with_notes = sorted(slug for slug, episode in episodes.items() if episode.notes)
    assert with_notes == sorted(path.stem for path in GOLDENS)


@pytest.mark.parametrize("path", GOLDENS, ids=lambda path: path.stem)
def test_extraction_matches_the_golden(episodes, path):
    golden = json.loads(path.read_text(encoding="utf-8"))
    episode = episodes[golden["episode"]]
    expected = _expected(golden, episode)
    found = _found(episode)
    # Compare row by row first: a failure names the first item that differs.
    for want, got in zip(expected, found):
        assert got == want
    assert len(found) == len(expected)


def test_no_abstract_sentence_is_an_item(episodes):
    """In the post-transformers notes every sentence bullet is part of a paper's summary, never an item."""
    episode = episodes["2024-in-post-transformers-architectures-state-space-models"]
    links = next(b.origin.line for b in episode.notes if b.kind == "heading" and b.text == "Links")
    sentences = [
        b.text
        for b in episode.notes
        if b.kind == "bullet" and b.origin.line > links and b.text.rstrip().endswith((".", ":"))
    ]
    # Lines 388-390, 392-396, 398-403, 405-408 and 410-418 of the dump.
    assert len(sentences) == 27
    titles = {item.title for item in episode.reading}
    summaries = [item.summary for item in episode.reading]
    for sentence in sentences:
        assert sentence not in titles
        assert sum(sentence in summary for summary in summaries) == 1, sentence


def test_vision_presenters_head_groups(episodes):
    episode = episodes["2024-in-vision-ls-live-neurips"]
    titles = {item.title for item in episode.reading}
    groups = [item.group or "" for item in episode.reading]
    for presenter, count in (("Isaac Robinson", 5), ("Peter Robicheaux", 5), ("Vik Korrapati", 1)):
        assert presenter not in titles
        assert sum(group.split(" \u203a ")[0] == presenter for group in groups) == count


def test_every_item_has_words_and_urls_come_from_the_input(episodes):
    lines = BUNDLED_DUMP.read_text(encoding="utf-8").split("\n")
    for episode in episodes.values():
        for item in episode.reading:
            assert item.title.strip() and re.search(r"\w", item.title), item
            if item.url:
                assert item.url in lines[item.origin.line - 1], item


def test_items_are_not_listed_twice_in_one_talk(episodes):
    for episode in episodes.values():
        keys = [title_key(item.title) for item in episode.reading]
        assert len(keys) == len(set(keys)), episode.slug


# ------------------------------------------------------------- shapes, one each


def _blocks(*rows: tuple[str, str]) -> list[NoteBlock]:
    return [NoteBlock(kind, text, Origin("notes.txt", number)) for number, (kind, text) in enumerate(rows, 1)]


def test_empty_and_sentence_bullets_never_become_items():
    notes = _blocks(
        ("heading", "Links"),
        ("paragraph", "All the papers they picked:"),
        ("bullet", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"),
        ("bullet", "We present Mamba, a new sequence model."),
        ("bullet", "It scales linearly in sequence length and beats Transformers of its size."),
        ("bullet", "Hymba: A Hybrid-head Architecture for Small Language Models"),
    )
    items = extract_reading(notes)
    assert [i.title for i in items] == [
        "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
        "Hymba: A Hybrid-head Architecture for Small Language Models",
    ]
    assert items[0].summary == (
        "We present Mamba, a new sequence model. It scales linearly in sequence length and beats Transformers of its size."
    )
    assert items[1].summary == ""


def test_topic_bullets_give_groups_and_several_titles():
    notes = _blocks(
        ("heading", "Must-Read Papers for Agents"),
        ("bullet", "Exploration: Agentless: Demystifying LLM-based Software Engineering Agents and BAGEL: Bootstrapping Agents"),
        ("bullet", "Evaluation: Fast Sanity Checks (miniWoB and Aider) and SWE-Gym: An Open Environment"),
        ("bullet", "Search: Tree Search for Language Model Agents - explore paths and rewind"),
    )
    items = extract_reading(notes)
    assert [(i.group, i.title, i.summary) for i in items] == [
        ("Exploration", "Agentless: Demystifying LLM-based Software Engineering Agents", ""),
        ("Exploration", "BAGEL: Bootstrapping Agents", ""),
        ("Evaluation", "miniWoB", "Fast Sanity Checks"),
        ("Evaluation", "Aider", "Fast Sanity Checks"),
        ("Evaluation", "SWE-Gym: An Open Environment", ""),
        ("Search", "Tree Search for Language Model Agents", "explore paths and rewind"),
    ]


def test_prose_bullets_without_a_reading_cue_cite_nothing():
    notes = _blocks(
        ("paragraph", "His argument: agent platforms might follow the same pattern because:"),
        ("bullet", "Agents across verticals share more commonalities than differences"),
        ("bullet", "Constrain First: Rather than maximizing capabilities, focus on reliable execution"),
    )
    assert extract_reading(notes) == []


def test_a_link_line_keeps_its_url_and_nothing_else_gets_one():
    notes = _blocks(
        ("heading", "Show Notes"),
        ("bullet", "Chatbot Arena"),
        ("bullet", "Alec Radford"),
    ) + [NoteBlock("link", "Slides", Origin("notes.txt", 9), "https://example.org/slides")]
    items = extract_reading(notes)
    assert [(i.title, i.kind, i.url) for i in items] == [
        ("Chatbot Arena", "tool", None),
        ("Alec Radford", "person", None),
        ("Slides", "link", "https://example.org/slides"),
    ]


def test_an_html_input_link_goes_to_the_item_it_names():
    bullet = NoteBlock(
        "bullet",
        "MMVP (Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs)",
        Origin("page.html", 3),
        links=(Link("Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs", "https://arxiv.org/abs/2401.06209"),),
    )
    items = extract_reading(_blocks(("paragraph", "All the papers they picked:")) + [bullet])
    assert [(i.title, i.url) for i in items] == [
        ("MMVP: Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs", "https://arxiv.org/abs/2401.06209")
    ]


def test_a_heading_with_a_paper_link_names_a_paper():
    notes = _blocks(("heading", "Tree of Thoughts"), ("paragraph", "paper link here"), ("paragraph", "Some words."))
    assert [(i.title, i.kind) for i in extract_reading(notes)] == [("Tree of Thoughts", "paper")]


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("We base these steps on two findings.", True),
        ("(2) Linear DiT: we replace all vanilla attention in DiT with linear attention.", True),
        ("Core designs include:", False),
        ("Jamba: A 52B Hybrid Transformer-Mamba Language Model", False),
    ],
)
def test_sentences_are_told_from_titles(text, sentence):
    assert is_sentence(text) is sentence


@pytest.mark.parametrize(
    "title, name",
    [
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "Mamba"),
        ("Physical Intelligence (Pi)", "Physical Intelligence"),
        ("\u201cRaising the bar on SWE-Bench Verified\u201d", "Raising the bar on SWE-Bench Verified"),
        ("ReAct Paper", "ReAct"),
    ],
)
def test_short_names(title, name):
    assert short_name(title) == name

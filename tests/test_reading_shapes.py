"""Reading lists from the shapes of show notes that the bundled dump does not have.

Examples from the dev split of the corpus (``tests/corpus``): a list of names
under a section heading, a list of "Name, description" bullets after a line
that announces it, and lists that are no reading list at all.
"""

from __future__ import annotations

from generator.model import NoteBlock, Origin
from generator.reading.extract import extract_reading


def _blocks(*rows: tuple[str, str]) -> list[NoteBlock]:
    return [NoteBlock(kind, text, Origin("n.txt", number)) for number, (kind, text) in enumerate(rows, 1)]


def test_a_list_of_names_under_a_heading_is_a_reading_list():
    # dev corpus, llamaindex: each bullet was a link to the component's docs.
    items = extract_reading(
        _blocks(
            ("heading", "Building Blocks"),
            ("bullet", "Retrievers"),
            ("bullet", "Node Postprocessors"),
            ("bullet", "Response Synthesizers"),
        )
    )
    assert [(i.title, i.group, i.origin.line) for i in items] == [
        ("Retrievers", "Building Blocks", 2),
        ("Node Postprocessors", "Building Blocks", 3),
        ("Response Synthesizers", "Building Blocks", 4),
    ]


def test_name_and_description_bullets_after_an_announcing_line():
    # dev corpus, llama2: the guests, each bullet a link to the person.
    items = extract_reading(
        _blocks(
            ("paragraph", "As we do with breaking news, we got on to Twitter Spaces again to chat with two scheduled guests:"),
            ("bullet", "Nathan Lambert, ML Researcher at Huggingface and author of Interconnects who had the best summary of the Llama2 paper"),
            ("bullet", "Matt Bornstein, organizer of the a16z infra team that launched Llama2.ai (source here)"),
        )
    )
    assert [(i.title, i.kind) for i in items] == [("Nathan Lambert", "person"), ("Matt Bornstein", "person")]
    assert items[0].summary.startswith("ML Researcher at Huggingface")


def test_bullets_of_facts_are_no_reading_list():
    # dev corpus, phind: a cheat sheet of facts, no citation among them.
    items = extract_reading(
        _blocks(
            ("paragraph", "TLDR Cheat Sheet:"),
            ("bullet", "Based on CodeLlama-34B, which is trained on 500B tokens"),
            ("bullet", "Expanded context window to 16k tokens"),
            ("bullet", "5x faster than GPT-4 (100 tok/s vs 20 tok/s on single stream)"),
        )
    )
    assert items == []


def test_terms_explained_in_brackets_are_no_items():
    # dev corpus, llamaindex: two parts of a pipeline, glossed, not cited.
    items = extract_reading(
        _blocks(
            ("paragraph", "RAG boils down to two parts:"),
            ("bullet", "Indexing (i.e. how do you load and index the data in your knowledge base)"),
            ("bullet", "Querying (i.e. how do you surface the data and fit it in the model context)"),
        )
    )
    assert items == []


def test_a_list_nothing_announces_is_read_as_prose():
    items = extract_reading(_blocks(("paragraph", "We talked a lot."), ("bullet", "Retrievers"), ("bullet", "Agents")))
    assert items == []

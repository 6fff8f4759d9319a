"""Mentions: the transcript moments where a reading item comes up.

Speech-to-text spells names many ways (``SWE bench``, ``Swebench``, ``SWE-Bench``);
a name that is also a word (``Cursor``, ``SteP``) counts only with its capital.
"""

from __future__ import annotations

import pytest

from generator.model import Origin, ReadingItem, Segment
from generator.reading import find_mentions, mention_keys, transcript_of


def _segments(*texts: str) -> list[Segment]:
    return [
        Segment(start=60 * n, text=text, origin=Origin("t.txt", n), anchor=f"t=00:{n:02d}:00")
        for n, text in enumerate(texts, 1)
    ]


def _anchors(title: str, kind: str, *texts: str) -> list[str]:
    item = ReadingItem(title, kind, Origin("notes.txt", 1))  # type: ignore[arg-type]
    return [m.anchor for m in find_mentions(item, transcript_of(_segments(*texts)))]


def test_spellings_of_one_name_all_match():
    texts = ("We ran SWE bench.", "Swebench is hard.", "On SWE-Bench Verified we got 49%.", "sweet bench press")
    assert _anchors("SWE-Bench", "tool", *texts) == ["t=00:01:00", "t=00:02:00", "t=00:03:00"]


def test_the_part_before_a_colon_is_the_name_spoken():
    texts = ("Mamba's selective scan", "the Mamba 2 layers", "a Mambaesque design")
    assert _anchors("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "paper", *texts) == [
        "t=00:01:00",
        "t=00:02:00",
    ]


def test_a_name_inside_another_word_does_not_match():
    assert _anchors("Exa", "tool", "for example", "Why must I use Exa?", "exa") == ["t=00:02:00"]


def test_a_name_that_is_also_a_word_needs_its_capital():
    texts = ("take a little step back", "a paper called STEP got state of the art", "move the cursor", "Cursor has a model")
    assert _anchors("SteP: Stacked LLM Policies for Web Actions", "paper", *texts) == ["t=00:02:00"]
    assert _anchors("Cursor", "tool", *texts) == ["t=00:04:00"]


def test_plurals_and_singulars_both_name_the_item():
    texts = ("Tree of Thoughts was next", "tree-of-thought prompting", "DETRs beat YOLOs")
    assert _anchors("Tree of Thoughts", "paper", *texts) == ["t=00:01:00", "t=00:02:00"]
    assert _anchors("RT-DETR", "paper", "RT-DETR beats YOLO", "rt detr") == ["t=00:01:00", "t=00:02:00"]


def test_a_generic_post_title_never_matches():
    assert mention_keys(ReadingItem("Slides", "link", Origin("n", 1))) == ()
    assert _anchors("swyx live tweets and videos", "link", "we demoed the videos") == []


def test_one_mention_per_segment_with_words_around_it():
    item = ReadingItem("Bolt", "tool", Origin("n", 1))
    segments = _segments("Should I say Bolt or Bolt dot new?", "no mention", "Bolt again")
    mentions = find_mentions(item, transcript_of(segments))
    assert [(m.anchor, m.seconds) for m in mentions] == [("t=00:01:00", 60), ("t=00:03:00", 180)]
    assert "Bolt" in mentions[0].snippet


@pytest.mark.parametrize(
    "title, kind, keys",
    [
        ("SmolLM and SmolLM2", "model", ["smollm", "smollm2"]),
        ("Stanford\u2019s Alpaca project", "model", ["alpaca"]),
        ("Flo on X", "person", ["flo"]),
        ("LangChain, LangSmith, LangGraph", "tool", ["langchain", "langsmith", "langgraph"]),
        ("Estimates of 100k-700k H100s needed to serve Sora (not Turbo)", "link", ["estimatesof100k700kh100sneededtoservesora"]),
    ],
)
def test_keys(title, kind, keys):
    assert [k.folded for k in mention_keys(ReadingItem(title, kind, Origin("n", 1)))] == keys


def test_a_company_is_named_without_its_domain_and_only_with_its_capital():
    texts = ("we did a pod with Fireworks", "the fireworks at midnight", "Fireworks AI serves it", "I'm obsessed by Lindy")
    assert _anchors("Fireworks AI", "tool", *texts) == ["t=00:01:00", "t=00:03:00"]
    assert _anchors("Lindy.ai", "tool", *texts) == ["t=00:04:00"]


def test_a_person_is_named_by_a_rare_surname_but_not_by_a_common_word():
    texts = ("I'm Erik Schluntz from Anthropic", "ask Schluntz", "we chase the bug", "Chase said so")
    assert _anchors("Eric Schluntz", "person", *texts) == ["t=00:01:00", "t=00:02:00"]
    assert _anchors("Harrison Chase", "person", *texts) == []
    assert _anchors("Harrison Chase", "person", "welcome back Harrison Chase") == ["t=00:01:00"]


def test_spellings_heard_from_speech_to_text_name_the_item_with_their_capital():
    item = ReadingItem("SWE-Bench", "tool", Origin("notes.txt", 1))
    texts = ("the traces of the SweetBench runs", "a sweet bench press", "on SWE-bench Verified")
    heard = {"swebench": ("SweetBench",)}
    found = [m.anchor for m in find_mentions(item, transcript_of(_segments(*texts)), heard)]
    assert found == ["t=00:01:00", "t=00:03:00"]
    assert [m.anchor for m in find_mentions(item, transcript_of(_segments(*texts)))] == ["t=00:03:00"]


def test_the_spoken_names_file_takes_one_spelling_or_several(tmp_path):
    from generator.metadata import load_spoken_names

    path = tmp_path / "spoken-names.yml"
    path.write_text("# comment\nSWE-bench: SweetBench\nCoALA: [Koala, Coala]\n", encoding="utf-8")
    assert load_spoken_names(path) == {"SWE-bench": ("SweetBench",), "CoALA": ("Koala", "Coala")}
    assert load_spoken_names(tmp_path / "missing.yml") == {}


@pytest.mark.parametrize("text", ["- SweetBench\n", "SWE-bench: []\n", "SWE-bench: [1, '']\n", "a: [unclosed\n"])
def test_a_bad_spoken_names_file_is_refused_naming_the_file(tmp_path, text):
    from generator.errors import ConfigError
    from generator.metadata import load_spoken_names

    path = tmp_path / "spoken-names.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_spoken_names(path)
    assert str(path) in str(raised.value)


def test_the_bundled_spoken_names_tie_the_bundled_items_to_more_moments():
    from generator.config import Config
    from generator.metadata import load_spoken_names

    heard = load_spoken_names(Config().spoken_names)
    assert heard, "the bundled input has a spoken-names file"
    item = ReadingItem("CoALA", "paper", Origin("notes.txt", 1))
    texts = ("a paper that you authored called Koala, Cognitive Architectures", "the koala at the zoo")
    assert [m.anchor for m in find_mentions(item, transcript_of(_segments(*texts)), {"coala": heard["CoALA"]})] == [
        "t=00:01:00"
    ]

"""Vocabularies are data files that load, hold only words, and say where their words come from."""

from __future__ import annotations

import pytest

from generator.errors import ConfigError
from generator.vocabulary import HERE, load_vocabulary

FILES = sorted(HERE.glob("*.yml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_vocabulary_loads_and_says_its_origin(path):
    data = load_vocabulary(path.stem)
    assert data and all(words for words in data.values())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "a vocabulary file opens with a comment on where its words come from"
    for key in data:
        # Each list, or each group of lists, follows a comment in its own paragraph.
        paragraph = text[: text.index(f"\n{key}:")].split("\n\n")[-1]
        assert paragraph.lstrip().startswith("#"), f"{key} has no comment above it"


def test_a_list_of_non_words_is_refused(tmp_path, monkeypatch):
    (tmp_path / "bad.yml").write_text("# test\nwords: [on, off]\n", encoding="utf-8")
    monkeypatch.setattr("generator.vocabulary.HERE", tmp_path)
    load_vocabulary.cache_clear()
    try:
        with pytest.raises(ConfigError, match="bad.yml"):
            load_vocabulary("bad")
    finally:
        load_vocabulary.cache_clear()

"""No rule in generator/ names a word, phrase or line that only the bundled dump holds.

A rule must name a general pattern; the words it needs live in data files
(``generator/vocabulary/*.yml``, ``generator/profiles/*.yml``,
``generator/parse/roles.yml``) with a comment on where they came from. This
test reads every string literal of ``generator/**/*.py`` (docstrings aside:
they explain, they match nothing; and URLs the site links to, which name a
service, not something read in the input) and fails on:

* a phrase of two or more words (spaces, or a regex's ``\\s+`` / `` ?`` between
  them) that occurs in the bundled dump and in no data file, when it is four
  words or more (a piece of a line) or not ordinary English (one of its word
  pairs is missing from the web-text bigram counts the repair stage uses,
  wordsegment's 258,437 pairs);
* a word that occurs in the bundled dump, is in no data file, and is no word of
  web English at all (absent from wordsegment's 333,213 unigrams of a trillion
  words): a name coined since (``SpeakPipe``, ``StackBlitz``) copied from the
  dump.

"Ordinary English" is measured, not listed, so the check cannot be passed by
adding to an allow-list in this file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.config import ROOT
from generator.repair import wordcounts

GENERATOR = ROOT / "generator"
DUMPS = sorted((ROOT / "input").glob("000_*.txt"))
DATA_FILES = sorted(GENERATOR.rglob("*.yml"))
#: Modules that measure the bundled dump itself (they open it by name and build
#: archives from its lines); no user input passes through their literals.
BENCHMARKS = {"bench.py"}

_WORD = r"[A-Za-z][A-Za-z'\u2019]*"
#: What may stand between two words of one phrase in a literal or a regex.
_GAP = r"(?:\s|\\s[+*?]?| \?)+"
PHRASE = re.compile(rf"{_WORD}(?:{_GAP}{_WORD})+")
WORD = re.compile(rf"(?<![\\A-Za-z]){_WORD}")


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.casefold().replace("\u2019", "'")))


@pytest.fixture(scope="module")
def dump() -> tuple[str, frozenset[str]]:
    if not DUMPS:
        pytest.skip("the bundled dump (input/000_*.txt) is not in this checkout")
    text = _folded(" ".join(p.read_text(encoding="utf-8", errors="replace") for p in DUMPS))
    return f" {text} ", frozenset(text.split())


@pytest.fixture(scope="module")
def data() -> tuple[str, frozenset[str]]:
    text = _folded(" ".join(p.read_text(encoding="utf-8") for p in DATA_FILES))
    return f" {text} ", frozenset(text.split())


def literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings and URLs, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and not node.value.startswith(("http://", "https://"))
    ]


def _ordinary(words: list[str]) -> bool:
    pairs = wordcounts.bigrams()
    return all(f"{a} {b}" in pairs for a, b in zip(words, words[1:]))


def _english(word: str) -> bool:
    return word in wordcounts.unigrams()


def dump_only(text: str, dump, data) -> list[str]:
    """The phrases and words of one literal that only the bundled dump could have given."""
    dump_text, dump_words = dump
    data_text, data_words = data
    found = []
    for match in PHRASE.finditer(text):
        words = _folded(re.sub(_GAP, " ", match.group(0))).split()
        phrase = " ".join(words)
        if f" {phrase} " in dump_text and f" {phrase} " not in data_text and (len(words) >= 4 or not _ordinary(words)):
            found.append(phrase)
    for match in WORD.finditer(text):
        word = _folded(match.group(0)).replace("'", "")
        if len(word) > 2 and word in dump_words and word not in data_words and not _english(word):
            found.append(word)
    return found


SOURCES = [p for p in sorted(GENERATOR.rglob("*.py")) if p.name not in BENCHMARKS]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_literal_names_what_only_the_bundled_dump_holds(path, dump, data):
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {hit!r}"
        for line, text in literals(path)
        for hit in dump_only(text, dump, data)
    ]
    assert not offending, "move these to a vocabulary file with their origin, or make the rule general:\n" + "\n".join(offending)


def test_the_check_finds_a_dump_word_and_phrase(dump, data):
    # Words and phrases of the bundled dump that no data file holds: a product
    # of its show notes, a phrase of one guest's answer.
    assert dump_only(r"^(?:StackBlitz|quesiton)$", dump, data) == ["stackblitz"]
    assert dump_only("I came out in support of", dump, data) == ["i came out in support of"]
    # Ordinary English and words the data files hold pass.
    assert dump_only("is required (a regular expression)", dump, data) == []
    assert dump_only(r"^(?:sign up|rsvp)\b", dump, data) == []

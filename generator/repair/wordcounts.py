"""English word counts for the repair stage: wordsegment's tables, read fast, once, when first needed.

wordsegment ships Norvig's counts from a trillion words of web text: 333,213
unigrams and 258,437 bigrams, as ``word<TAB>count`` lines.
``wordsegment.Segmenter.load`` turns every count into a float in a Python loop
and also reads a word list this stage never uses: about 0.5 s of CPU on the
project's machines. Here each table is split in one pass of C code and the
counts stay strings until a word is looked up (about 0.23 s for both tables,
each read only when first asked for; a marshal cache of the two dicts loads
no faster, 0.2 s). The dash rule needs only the common words, the head of the
unigram file (:func:`common_words`).

A pair is used only when both its words are unigrams (as wordsegment does),
and those are seen at least :data:`PAIR_FLOOR` times (checked in the tests),
which lets
:func:`generator.repair.mathspans.segment` skip the bigram look-up for any
other word without changing a score.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import wordsegment

#: Words the counts were taken from (wordsegment's ``TOTAL``).
TOTAL: float = wordsegment.Segmenter.TOTAL
#: The rarest pair in the bigrams was seen this often (checked in the tests): a
#: word seen less often is part of no pair.
PAIR_FLOOR = 100_000.0
_UNIGRAMS = Path(wordsegment.Segmenter.UNIGRAMS_FILENAME)
_BIGRAMS = Path(wordsegment.Segmenter.BIGRAMS_FILENAME)


def _read_pairs(path: Path) -> dict[str, str]:
    """Read ``key<TAB>count`` lines into a dict of strings (keys may hold a space: bigrams)."""
    fields = path.read_text(encoding="utf-8").replace("\t", "\n").split("\n")
    if fields and not fields[-1]:
        fields.pop()
    pairs = iter(fields)
    return dict(zip(pairs, pairs))


@lru_cache(maxsize=1)
def unigrams() -> dict[str, str]:
    """Lower-case word -> its count (a decimal string)."""
    return _read_pairs(_UNIGRAMS)


@lru_cache(maxsize=1)
def bigrams() -> dict[str, str]:
    """``"first second"`` -> the count of the pair (a decimal string)."""
    return _read_pairs(_BIGRAMS)


@lru_cache(maxsize=4)
def common_words(at_least: float) -> frozenset[str]:
    """Return the words seen at least ``at_least`` times, reading only the head of the unigrams.

    The file lists the words by count, most frequent first (checked in the
    tests), so a rule that only asks whether a word is common (the dash
    rule: 10,069 words of 5,000,000 or more) need not load the whole table.
    """
    words = []
    with _UNIGRAMS.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, found = line.partition("\t")
            if float(found) < at_least:
                break
            words.append(word)
    return frozenset(words)


def count(word: str) -> float:
    """Return the count of a lower-case word, 0 when the table lacks it."""
    found = unigrams().get(word)
    return float(found) if found is not None else 0.0


#: log10 of the unigram probability of the words looked up so far (at most one
#: entry per unigram: bounded by the table).
LOG_PROBABILITY: dict[str, float] = {}


def log_probability(word: str, count: float) -> float:
    """Return log10 of a known word's unigram probability, ``count`` being its count."""
    value = LOG_PROBABILITY.get(word)
    if value is None:
        value = LOG_PROBABILITY[word] = math.log10(count / TOTAL)
    return value

"""Undo KaTeX math rendering of dollar amounts (``$25 ride average, that's $130``).

The source page ran KaTeX auto-render, which took the text between two ``$``
signs for TeX math. The scraped text of such a span holds two renderings one
after the other, and no ``$``:

1. the MathML copy, every letter a mathematical italic letter (U+1D434..,
   italic h is U+210E) whose 4 bytes the damage cut to ``đ`` plus at most one
   follower; digits and punctuation plain; spaces gone;
2. the HTML copy: the same characters as plain ASCII letters, spaces gone,
   an apostrophe shown as a prime ``′`` (damaged to ``âČ``), a hyphen as a
   minus sign ``−`` (damaged to a bare ``â``).

Then comes the text after the closing ``$``. The space before that ``$`` was
part of the math and is lost too.

Rules:

* A *run* starts at a damaged math letter. Its units are read one by one
  (``đ`` + follower = one letter, or s or R for a space, bare ``đ`` = one of
  a–g, i–r, M–Q, S–Z, bare ``â``
  = italic h or minus, ``âČ`` = prime, ASCII digit or punctuation = itself).
* The plain copy must follow the run unit for unit, each letter agreeing with
  its unit's follower byte. Digits and punctuation before the first letter
  (``25`` in ``a 25đ…``) belong to both copies, and so do those after the last
  one; their split is the one that makes both copies identical, taking as many
  as possible at the start. A run that does not align is left alone.
* The repair drops the MathML copy, puts ``$`` back around the plain copy,
  restores the lost space before the closing ``$``, turns ``′`` back into ``'``
  and ``−`` into ``-``, and restores the spaces between words with
  ``wordsegment``'s word frequencies (see :func:`respace`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter

from . import chardata, wordcounts

_MINUS = "-"
_PRIME = "'"


@dataclass(frozen=True)
class MathRun:
    """One recognised math run: where it starts and ends in the line and what it said."""

    start: int  # first character of the run (the digits or punctuation before the first letter)
    end: int  # first character after the plain copy (where the text after the closing $ begins)
    content: str  # the plain copy, prime and minus restored, spaces not yet restored


def _read_unit(text: str, i: int) -> tuple[int, frozenset[str] | str] | None:
    """Read one MathML unit at ``i``: its length and the plain characters it allows."""
    char = text[i]
    if char == chardata.F0:
        follower = text[i + 1] if i + 1 < len(text) else ""
        if follower in chardata.MATH_LETTERS_BY_FOLLOWER:
            return 2, chardata.MATH_LETTERS_BY_FOLLOWER[follower]
        return 1, chardata.MATH_BARE_LETTERS
    if char == chardata.E2:
        if text.startswith(chardata.DAMAGED_PRIME, i):
            return 2, chardata.DAMAGED_PRIME
        return 1, frozenset({"h", chardata.E2})
    if chardata.MATH_PUNCT.match(char):
        return 1, char
    return None


def _scan(text: str, start: int) -> list[tuple[int, int, frozenset[str] | str]]:
    """Read units from ``start`` while they last: (position, length, allowed plain text)."""
    units = []
    i = start
    while i < len(text):
        unit = _read_unit(text, i)
        if unit is None:
            break
        units.append((i, unit[0], unit[1]))
        i += unit[0]
    return units


def _match_plain(text: str, pos: int, units: list) -> tuple[int, str] | None:
    """Match the plain copy of ``units`` at ``pos``: its end and its text with ' and - restored."""
    out = []
    for _, _, allowed in units:
        if isinstance(allowed, str):
            if not text.startswith(allowed, pos):
                return None
            out.append(_PRIME if allowed == chardata.DAMAGED_PRIME else allowed)
            pos += len(allowed)
            continue
        if pos >= len(text) or text[pos] not in allowed:
            return None
        out.append(_MINUS if text[pos] == chardata.E2 else text[pos])
        pos += 1
    return pos, "".join(out)


def find_runs(text: str) -> list[MathRun]:
    """Find every math run in ``text`` whose two copies align."""
    runs: list[MathRun] = []
    search = 0
    while True:
        first = text.find(chardata.F0, search)
        if first < 0:
            return runs
        run = _align(text, first, runs[-1].end if runs else 0)
        if run is None:
            search = first + 1
            continue
        runs.append(run)
        search = run.end


def _align(text: str, first: int, floor: int) -> MathRun | None:
    """Align the run whose first math letter is at ``first``; ``floor`` bounds what it may take before."""
    units = _scan(text, first)
    # Keep the units up to the last damaged one; the ASCII after it is shared (Z below).
    while units and not _is_mangled(text, units[-1][0]):
        units.pop()
    if not units:
        return None
    core_end = units[-1][0] + units[-1][1]
    shared = chardata.MATH_PUNCT_RUN.match(text, core_end).group()
    letters_at = core_end + len(shared)
    # shared = Y + X: X opens both copies (it stands before the run too), Y closes both.
    for split in range(len(shared) + 1):
        closing, opening = shared[:split], shared[split:]
        start = first - len(opening)
        if start < floor or text[start:first] != opening:
            continue
        matched = _match_plain(text, letters_at, units)
        if matched is None:
            return None
        end, plain = matched
        if not text.startswith(closing, end):
            continue
        return MathRun(start, end + len(closing), opening + plain + closing)
    return None


def _is_mangled(text: str, i: int) -> bool:
    return text[i] in (chardata.F0, chardata.E2)


def repair(text: str, runs: list[MathRun] | None = None) -> tuple[str, list[tuple[MathRun, str, str]]]:
    """Repair every math run: the new text and, per run, (run, before, after)."""
    runs = find_runs(text) if runs is None else runs
    if not runs:
        return text, []
    vocabulary = _context_words(text, runs)
    pieces: list[str] = []
    done: list[tuple[MathRun, str, str]] = []
    last = 0
    for run in runs:
        pieces.append(text[last : run.start])
        after = "$" + respace(run.content, vocabulary) + " $"
        pieces.append(after)
        done.append((run, text[run.start : run.end], after))
        last = run.end
    pieces.append(text[last:])
    return "".join(pieces), done


def _context_words(text: str, runs: list[MathRun]) -> frozenset[str]:
    """Collect the words of the line outside its math runs: names the speaker used elsewhere."""
    outside = []
    last = 0
    for run in runs:
        outside.append(text[last : run.start])
        last = run.end
    outside.append(text[last:])
    return frozenset(re.findall(r"[A-Za-z]+", " ".join(outside)))


# -- restoring spaces ----------------------------------------------------------



def respace(content: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Restore the spaces the math rendering removed from ``content``.

    Letters keep their case and punctuation stays where it was. Each run of
    letters (with apostrophes) is split into words by :func:`segment`; a space
    goes between words and numbers, after ``, . ; : ! ?`` when a word or number
    follows, and nowhere around a hyphen. A number and a number word that follows
    it directly (``10x``, ``1B``) stay together.
    """
    tokens: list[str] = []
    for match in chardata.MATH_TOKEN.finditer(content):
        token = match.group()
        if token[0].isalpha():
            tokens.extend(segment(token, vocabulary))
        else:
            tokens.append(token)
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i and _space_between(tokens[i - 1], token):
            out.append(" ")
        out.append(token)
    return "".join(out)


def _space_between(left: str, right: str) -> bool:
    if left[-1] in chardata.NO_SPACE_AFTER_IN_MATH or right[0] in chardata.NO_SPACE_BEFORE_IN_MATH:
        return False
    if left[-1].isdigit() and right in chardata.NUMBER_SUFFIXES:
        return False
    return True


_LIMIT = 24  # longest word tried, as wordsegment does (its longest unigram has 24 letters)
_CONTEXT_FLOOR = 1e-6  # probability given to a word the line uses elsewhere
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def segment(chunk: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Split a run of letters into the most likely words, keeping case and apostrophes.

    Scores are wordsegment's (Norvig's unigram and bigram counts, stupid
    backoff, unknown words ten times less likely per letter), looked up
    without case and apostrophe (``it's`` as ``its``, the way those counts
    store contractions). A word may not cut an ALL-CAPS run nor hold a
    lower-to-upper change (``chatGBT`` is two words) unless the line uses it
    elsewhere (``StackBlitz``); an apostrophe must be followed by a clitic
    (``'s 't 'll 're 've 'd 'm``) or end a plural (``hosts'``). Words the line
    uses elsewhere are taken as at least fairly common.

    The search is an exact Viterbi over (position, last word), words at most
    :data:`_LIMIT` letters long. A word that is part of no pair (one the
    unigrams lack, or one rarer than the rarest pair) passes no context on:
    of those ending at one position only the best can matter later, and it
    is the only one kept. A pair is looked up only between two words that
    may be part of one, and only for a previous word whose score could still
    win (a probability is at most 1).
    """
    if not chunk:
        return []
    unigrams, bigrams = wordcounts.unigrams(), wordcounts.bigrams()
    n = len(chunk)
    # Look-up keys are slices of one lowered copy; a letter whose lower case is
    # longer (İ) stays as it is, so that positions agree: no word holds it.
    lower = chunk.lower() if chunk.isascii() else "".join(c if len(c.lower()) > 1 else c.lower() for c in chunk)
    known, unshaped = _vocabulary_view(vocabulary)
    runs = _Runs(chunk)
    log10 = math.log10
    log_probabilities, unknown, floor, pair_floor = wordcounts.LOG_PROBABILITY, _UNKNOWN, _LOG_CONTEXT_FLOOR, wordcounts.PAIR_FLOOR
    # paired[j]: a word that may be part of a pair and ends at j -> (log10 score, its start,
    # word before it, what a pair after it is looked up with: "word ", and the word's count).
    # The best word ending at j that is part of no pair (a word the unigrams lack or one
    # rarer than any pair): its score lone[j] and where it came from, lone_from[j] = (start, word before).
    paired: list[dict[str, tuple[float, int, str, str, float]]] = [dict() for _ in range(n + 1)]
    lone = [-math.inf] * (n + 1)
    lone_from: list[tuple[int, str]] = [(0, "")] * (n + 1)
    lone[0] = 0.0
    for i in range(n):
        if chunk[i] == "'" or (i and chunk[i - 1] in _UPPER and chunk[i] in _UPPER):
            continue  # no word starts at an apostrophe or inside an ALL-CAPS run
        # The words that may come before, best first (the one part of no pair last on a tie).
        previous_words = [(entry[0], word, entry[3], entry[4]) for word, entry in paired[i].items()]
        if lone[i] > -math.inf:
            previous_words.append((lone[i], chunk[lone_from[i][0] : i] if i else "<s>", "", 0.0))
        if not previous_words:
            continue
        previous_words.sort(key=_SCORE, reverse=True)  # stable: on a tie, the order of insertion
        top_score, top_word = previous_words[0][0], previous_words[0][1]
        stop, others = _word_ends(chunk, lower, i, runs, unshaped)
        for j in chain(range(i + 1, stop + 1), others) if others else range(i + 1, stop + 1):
            key = lower[i:j] if j <= stop else others[j]
            found = unigrams.get(key)
            if found is None:
                # A contraction's key lacks its apostrophe: it is shorter than the word.
                alone = unknown[j - i] if len(key) == j - i else _unknown_contraction(chunk[i:j], key, unigrams)
                count = 0.0
            else:
                count = float(found)
                alone = log_probabilities.get(key)
                if alone is None:
                    alone = wordcounts.log_probability(key, count)
            if alone < floor and key in known:
                alone = floor
            if count < pair_floor:
                # Part of no pair: the best previous word is the one, and after j only
                # the best such word can matter.
                if top_score + alone > lone[j]:
                    lone[j], lone_from[j] = top_score + alone, (i, top_word)
                continue
            chosen, back = -math.inf, top_word
            for score, previous, prefix, previous_count in previous_words:
                if score <= chosen:
                    break  # this previous word and those after it cannot do better
                if prefix and (pair := bigrams.get(prefix + key)) is not None:
                    score += log10(float(pair) / previous_count)
                else:
                    score += alone
                if score > chosen:
                    chosen, back = score, previous
            paired[j][chunk[i:j]] = (chosen, i, back, key + " ", count)
    last = [(entry[0], word) for word, entry in paired[n].items()]
    if lone[n] > -math.inf:
        last.append((lone[n], chunk[lone_from[n][0] :]))
    if not last:
        return [chunk]
    word = max(last, key=_SCORE)[1]
    words = []
    j = n
    while j > 0:
        words.append(word)
        entry = paired[j].get(word)
        if entry is not None:
            j, word = entry[1], entry[2]
        else:
            j, word = lone_from[j]
    return words[::-1]


_SCORE = itemgetter(0)


_LOG_CONTEXT_FLOOR = math.log10(_CONTEXT_FLOOR)


def _unknown_contraction(word: str, key: str, unigrams: dict[str, str]) -> float:
    """Score a contraction the unigrams lack (there'll): a tenth of its host word, else as any unknown word."""
    host = unigrams.get(_key(word.partition("'")[0]))
    if host is not None and float(host):
        return math.log10(float(host) / 10 / wordcounts.TOTAL)
    return _UNKNOWN[len(key)]


#: log10 probability of an unknown word by its length (wordsegment's 10 / 10**length / total).
_UNKNOWN = [math.log10(10.0 / 10**length / wordcounts.TOTAL) for length in range(_LIMIT + 1)]


class _Runs:
    """Where each run of lowercase and of uppercase letters of a chunk ends, seen from each position."""

    def __init__(self, chunk: str):
        n = len(chunk)
        self.lower, self.upper = [n] * (n + 1), [n] * (n + 1)
        for k in range(n - 1, -1, -1):
            self.lower[k] = self.lower[k + 1] if chunk[k] in _LOWER else k
            self.upper[k] = self.upper[k + 1] if chunk[k] in _UPPER else k


def _word_ends(chunk: str, lower: str, i: int, runs: _Runs, unshaped: tuple[str, ...]) -> tuple[int, dict[int, str] | None]:
    """Tell where the words :func:`_shape_ok` allows to start at ``i`` end.

    Returns ``stop`` and ``others``: ``chunk[i:j]`` is a word for every j up
    to ``stop`` (its look-up key ``lower[i:j]``), the shapes being closed
    under prefixes; ``others`` maps the end of each other word to its key:
    the longest such word plus a clitic (``it's``: key ``its``), and the
    line's words of other shapes (``StackBlitz``), found where they stand.
    """
    n = len(chunk)
    limit = min(n, i + _LIMIT)
    first = chunk[i]
    if first in _UPPER:
        upper_end = runs.upper[i]
        end = upper_end if upper_end > i + 1 else runs.lower[i + 1]  # ALL CAPS, or Capitalised
    elif first in _LOWER:
        end = runs.lower[i]
    else:
        end = i
    others: dict[int, str] | None = None
    if end > i and end < limit and chunk[end] == "'":
        host = chunk[i:end]
        for j in range(end + 1, min(end + 3, limit) + 1):
            clitic = chunk[end + 1 : j]
            if "'" in clitic or clitic.lower() not in chardata.CLITICS:
                continue
            if not clitic and not host.lower().endswith("s"):
                continue
            if clitic and not clitic.islower() and not host.isupper():
                continue
            others = others or {}
            others[j] = lower[i:end] + lower[end + 1 : j]
    for word in unshaped:
        if chunk.startswith(word, i) and i + len(word) <= limit:
            others = others or {}
            others[i + len(word)] = _key(word)
    return min(end, limit), others


def _shape_ok(word: str, vocabulary: frozenset[str]) -> bool:
    """Tell whether ``word`` can be one word: lower, Capitalised, ALL CAPS, a context word; apostrophe only before a clitic."""
    host, apostrophe, clitic = word.partition("'")
    if apostrophe:
        if not host or "'" in clitic or clitic.lower() not in chardata.CLITICS:
            return False
        if not clitic and not host.lower().endswith("s"):
            return False
    if word in vocabulary:
        return True
    return bool(chardata.WORD_SHAPE.fullmatch(host)) and (not clitic or clitic.islower() or host.isupper())


@lru_cache(maxsize=16)
def _vocabulary_view(vocabulary: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Return the line's words in look-up form, and those whose shape only the line vouches for."""
    known = frozenset(w.lower() for w in vocabulary)
    unshaped = tuple(
        sorted(w for w in vocabulary if len(w) <= _LIMIT and _shape_ok(w, vocabulary) and not _shape_ok(w, frozenset()))
    )
    return known, unshaped


def _key(word: str) -> str:
    """Return the look-up form of a word: no case, no apostrophe."""
    return word.replace("'", "").lower()


"""Lossy ISO-8859-16 mojibake: find the characters that fit the surviving bytes, then choose.

A damaged character is a *lead* (``â`` for byte 0xE2, ``Ă`` for 0xC3, ``đ`` for
0xF0, …) followed by the *followers* that survived (continuation bytes
0xA0–0xBF); the continuation bytes 0x80–0x9F are gone, at unknown places. For
each damaged character every UTF-8 completion that fits is enumerated
(:func:`completions`): assigned characters only, ranked by
:data:`chardata.PROSE_WEIGHTS`. Then:

* **exact**: all continuation bytes survived (``Ă©`` = é, ``ĂŒ`` = ü).
* **only candidate**: one completion is a character of English prose
  (``âŠ`` = …, ``âČ`` = ′, ``âŹ`` = €), or one emoji fits a 4-byte sequence.
* **times**: a lone ``Ă`` after a digit is × (``4096Ă4096``, ``8Ă,``): the
  other completions are capital letters, which do not follow digits.
* **eszett**: a lone ``Ă`` between lowercase letters is ß, the only lowercase completion.
* **ellipsis**: ``⊠`` glued to a word, before or after it, is an ellipsis and a
  no-break space decoded twice.
* **nbsp**: ``Â`` before a space is a no-break space (its other completions are C1 controls).
* **letter**: a lone ``đ`` between letters is the letter đ (međunarodni).
* **space-byte** (ambiguous): a lone ``Ä``, ``Ć`` or ``Ă`` followed by one
  space and a lowercase letter, inside a word: the space may be its second
  byte (0x85 or 0xA0 became a space) or a real space after a lost letter.
  It is read as the byte when only one of the two letters the byte gives
  makes the whole a word of wordsegment's unigrams (spelt in ASCII: ``ą`` as
  ``a``), or when the stem before it is one letter, since a letter and an
  accented letter make no English word nor a name: then the lowercase one
  (``MÄ dry`` = Mądry, C4 85; not C4 A0, Ġ). The other reading is listed.
* **word** (ambiguous): a lone 2-byte lead whose second byte is lost, inside
  or at the start of a word of ASCII letters: the candidates of the right
  case (a capital starts a word; inside one the case of the letter before)
  spell, in ASCII, exactly one word of the unigrams of at least four letters
  (``Ćukasz``: of Ł Ń Ň Ŋ Ō Ŏ Ő Œ Ŕ Ŗ Ř Ś Ŝ Ş only Ł gives one, Lukasz).
  Letters that differ only in their accent spell it alike (``CĂDIGO``: Ò Ó
  Ô Õ Ö Ø); the likeliest accent of :data:`chardata.ACCENT_PRIOR` is chosen.
  A lone ``Ă`` is read so at a word's start or inside a word in capitals
  even in a line with no other damage (``Émile``), unless its reading as
  ``A`` is a word: a clean Romanian line writes ``Ăsta``.
* **presented-symbol**: an E2 sequence right before a damaged emoji
  selector (``ïž``), a space between them being one of its bytes, is a
  symbol that takes the selector (:data:`chardata.PRESENTATION_SYMBOLS`):
  ``â€ïž`` is ❤️ (fixed: the only one the bytes allow), ``â ïž`` ⚠️ and
  ``âïž`` ✔️ (ambiguous: the first of the symbol prior, then of the prose
  weights, the others listed).
* **lost**: a lone ``Ă`` inside a word before a capital (``PalĂGemma``), a lone
  ``Ä``/``Ć``… after a letter (a Polish or Czech letter) that neither rule
  above reads, an emoji (``đœ``: 🌽 👽 🗽 🚽 … all fit), a replacement
  character, or any sequence with several equally likely completions:
  replaced by :data:`generator.model.LOST`, candidates listed.

A lone ``â`` lost both continuation bytes: it is one of U+2000–U+201F (or an
arrow, ✅, ❌, −, …). It is read from its neighbours, in this order:

* **apostrophe** (fixed): after a letter or digit and before a clitic that ends
  the word — ``s t d m ll re ve`` (we’re, it’s, don’t, AI2’s).
* **dash** (ambiguous: em dash chosen, en dash the other candidate): between two
  English words with no clitic (``models—including``: both words must be common
  in wordsegment's counts, so a real â in ``pâte`` or ``România`` stays), between
  spaces (``now — use``; not after a comma or colon, where it is lost), or after
  a word at the end of the line (speech broken
  off: ``like—``). The em dash is the dash of American running prose, spaced or
  not; nothing in the bytes tells it from an en dash.
* **arrow-chain** (ambiguous: →, with — – listed): two spaced lone ``â`` or
  more joining short named steps (``Princeton → SWE-bench → Stanford PhD``);
  see :func:`_arrow_chain`. Read before the dash rule.
* **a quote and a dash** (ambiguous): two lone ``â`` glued between words
  (``“American DeepSeek”—a``, ``said—“we``); an open quote before them makes
  the first close it, else the second opens one.
* **divider** (ambiguous): a line holding only a lone ``â`` is an em dash, the
  divider between parts of the notes.
* **range** (ambiguous): between digits, an en dash (``2019–2021``).
* **arrow** (ambiguous: →, with − ≈ ⇒ — listed): between spaces, after a
  one-letter variable (not ``a``, ``A``, ``I``) and before a number or another
  one-letter variable (``as h → 0``). No dash stands there; an editor turns
  a typed ``->`` into →, while − and ≈ must be typed as such.
* **quotes** (ambiguous): an opening-shaped ``â`` (after a space, the line start or an
  opening bracket, before a non-space) pairs with a closing-shaped one
  (after a non-space, before a space, punctuation or the line end) as “ ”,
  double quotes being the American primary quotes (the notes' own ASCII quotes
  are double). Quotes pair like brackets; a pair inside another pair is a
  quote within a quote, ‘ ’ (**nested-quotes**). A closing-shaped ``â`` after
  ``s`` that a later one could close instead is read as a plural possessive.
  Nothing tells a lone pair of single quotes from double ones: they come out double.
* **possessive** (fixed): an unpaired closing-shaped ``â`` after ``s`` (``Fireworks’ f1``).
* **unpaired quote** (ambiguous): an unpaired closing-shaped one after
  punctuation or a word is ”; an unpaired opening-shaped one is “ when a capital
  follows or the line has other damage (else it may be a real â: ``âge``).
* **elision** (ambiguous): an unpaired opening-shaped one before a word of
  :data:`chardata.ELISIONS` is ‘ (``‘cause``, ``‘em``), whatever the line
  holds; before another common lower-case word in a line with no other
  damage, the same.
* **likeliest-symbol** (ambiguous): where a symbol is expected, the damaged
  ``â`` is the first symbol of :data:`chardata.SYMBOL_PRIOR` (✅ ❌ ✓ ✔ ✗ ✘ → ←
  ★ ☆ • ▪ ■, an editorial ranking of the marks of show notes, not a measured
  count) that its bytes allow; every fitting symbol is listed. The places: an
  ``â`` and a space-byte between spaces (``: â  evals``: ✅ ★ ■ fit, ✅); a lone
  ``â`` between spaces after a comma, colon or semicolon, where no dash stands
  (``CI, â fine``: ✅ does not fit, its 0x85 would be a space; ❌); a lone ``â``
  ending a line after a word and a space (``* Big prompt field â``: as no line
  of the dump ends in whitespace, a last 0x85 or 0xA0 byte may have gone with
  the line's end, so ✅ fits as well as ❌ ✓ …; ✅). No ranked symbol fitting:
  lost.
* **lost**: any other lone ``â`` between spaces and line ends
  (``[00:00:00] â``: after a bare timestamp nothing is marked).

A line holding any character the damage cannot produce (curly quotes, dashes,
emoji, CJK, …) is clean and left alone, except for U+FFFD, which is lost
whatever the line. A lone é, ü, ç… (a 3- or 4-byte lead, or ß, whose
completions are no prose) is read as the letter it is: the dump went through
ftfy once, which decoded some sequences (``Ă§`` to ç) and not others. Rules
that need more than the neighbours (a word-initial ``Ć`` or ``Ä``, an
unpaired opening quote before a lowercase letter) act only when the line
holds sure damage (a lead with followers, an emoji, ``⊠``, ``we’re``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, product

from ..model import LOST, Fix
from . import chardata, context, wordcounts

_APOSTROPHE = "\u2019"
_OPEN_QUOTE, _CLOSE_QUOTE = "\u201c", "\u201d"
_EM_DASH, _EN_DASH = "\u2014", "\u2013"
_TIMES = "\u00d7"
_ARROW = "\u2192"
_MAX_LISTED = 16  # candidates kept in a Fix


@dataclass
class _Token:
    """One damaged spot: its span in the line and, once resolved, its replacement."""

    start: int
    end: int
    lead: int = 0
    survivors: tuple[int, ...] = ()
    need: int = 0
    kind: str = "sequence"  # sequence, emoji, ellipsis, replacement, letter
    after: str | None = None
    rule: str = ""
    status: str = "fixed"
    candidates: tuple[str, ...] = field(default_factory=tuple)

    def resolve(self, after: str, rule: str, status: str = "fixed", candidates: tuple[str, ...] = ()) -> None:
        self.after, self.rule, self.status, self.candidates = after, rule, status, candidates[:_MAX_LISTED]


@lru_cache(maxsize=4096)
def completions(lead: int, survivors: tuple[int, ...], need: int) -> tuple[str, ...]:
    """List every character whose UTF-8 bytes are ``lead``, the survivors in order and lost bytes elsewhere.

    A survivor of :data:`chardata.SPACE_BYTE` is a space that may be 0xA0 or
    0x85. Only assigned, non-control characters count; the most likely in
    English prose come first.
    """
    if len(survivors) > need:
        return ()
    found: set[str] = set()
    choices = [chardata.SPACE_BYTES if s == chardata.SPACE_BYTE else (s,) for s in survivors]
    for places in combinations(range(need), len(survivors)):
        slots = [choices[places.index(slot)] if slot in places else chardata.LOST_BYTES for slot in range(need)]
        for tail in product(*slots):
            try:
                char = bytes((lead, *tail)).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if unicodedata.category(char) not in ("Cn", "Cs", "Co", "Cc"):
                found.add(char)
    return tuple(sorted(found, key=lambda c: (-chardata.prose_weight(c), ord(c))))


@lru_cache(maxsize=4096)
def _prose(candidates: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in candidates if chardata.prose_weight(c) > 0)


def _emoji(candidates: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in candidates if any(lo <= ord(c) <= hi for lo, hi in chardata.EMOJI_BLOCKS))


def _tokenize(text: str) -> list[_Token] | None:
    """Find the damaged spots of ``text``, or None when the line is clean."""
    tokens: list[_Token] = []
    for run in chardata.NON_ASCII_RUN.finditer(text):
        i = run.start()
        while i < run.end():
            char = text[i]
            if char in chardata.LEADS:
                token = _read_sequence(text, i)
                if token.kind != "letter":
                    tokens.append(token)
                i = token.end
                continue
            if char == chardata.SQUARED_TIMES:
                tokens.append(_Token(i, i + 1, kind="ellipsis"))
            elif char == chardata.REPLACEMENT:
                tokens.append(_Token(i, i + 1, kind="replacement"))
            elif char not in chardata.DAMAGE_ALPHABET:
                return None
            i += 1
    return tokens


def _read_sequence(text: str, i: int) -> _Token:
    """Read a lead and its followers at ``i`` (kind ``letter``: a lone é, ü, ç… that is no damage)."""
    lead, need = chardata.LEADS[text[i]]
    j = i + 1
    survivors: list[int] = []
    while len(survivors) < need and j < len(text) and text[j] in chardata.FOLLOWERS:
        survivors.append(chardata.FOLLOWERS[text[j]])
        j += 1
    if len(survivors) < need and text.startswith(" ", j):
        # A space after a lead was a continuation byte (0xA0 or 0x85) when another
        # space follows it, when it ends the line (no line of a dump ends in
        # whitespace: ``see đ `` = see 😅), or, after a 2-byte lead, when
        # punctuation that takes no space before it follows (voilĂ , = voilà,).
        following = text[j + 1 : j + 2]
        ends = j + 1 == len(text)
        if following == " " or ends or need == 1 and not survivors and following in chardata.NO_SPACE_BEFORE:
            survivors.append(chardata.SPACE_BYTE)
            j += 1
    if not survivors and text[i] in chardata.CLEAN_LEADS:
        return _Token(i, i + 1, kind="letter")
    return _Token(i, j, lead=lead, survivors=tuple(survivors), need=need)


def _merge_emoji(tokens: list[_Token]) -> list[_Token]:
    """Join 4-byte sequences linked by a lone â (zero-width joiner) or followed by ``ïž`` (VS16) into one emoji."""
    merged: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.lead != 0xF0:
            merged.append(token)
            continue
        token.kind = "emoji"
        while i < len(tokens) and tokens[i].start == token.end:
            nxt = tokens[i]
            joiner = nxt.lead == 0xE2 and not nxt.survivors
            if joiner and i + 1 < len(tokens) and tokens[i + 1].lead == 0xF0 and tokens[i + 1].start == nxt.end:
                absorbed = [nxt, tokens[i + 1]]
            elif _is_vs16(nxt):
                absorbed = [nxt]
            else:
                break
            for part in absorbed:
                token.survivors += (part.lead,)
            token.end = absorbed[-1].end
            i += len(absorbed)
        merged.append(token)
    return merged


def _is_vs16(token: _Token) -> bool:
    """Tell whether a token is a damaged variation selector 16 (EF B8 8F: ``ïž``)."""
    return token.lead == 0xEF and token.survivors == (0xB8,)


def repair(text: str) -> tuple[str, list[Fix]]:
    """Rebuild the damaged characters of one line; see the module docstring for the rules."""
    if chardata.REPLACEMENT not in text and not any(c in chardata.LEADS or c == chardata.SQUARED_TIMES for c in text):
        return text, []
    tokens = _tokenize(text)
    if tokens is None:
        tokens = [_Token(i, i + 1, kind="replacement") for i, c in enumerate(text) if c == chardata.REPLACEMENT]
    tokens = _merge_emoji(tokens)
    evidence = any(_is_sure_damage(text, token) for token in tokens)
    lone_dashes = []
    for number, token in enumerate(tokens):
        following = tokens[number + 1] if number + 1 < len(tokens) else None
        if token.lead == 0xE2 and following is not None and _resolve_presented(text, token, following):
            continue
        if token.lead == 0xE2 and not token.survivors:
            lone_dashes.append(token)
        else:
            _resolve(text, token, evidence)
    if lone_dashes:
        _resolve_lone_e2(text, tokens, lone_dashes, evidence)
    return _apply(text, tokens)


def _resolve_presented(text: str, token: _Token, following: _Token) -> bool:
    """Read an E2 sequence right before a damaged emoji selector (``ïž``) as a symbol that takes one (❤️ ⚠️ ✔️).

    A selector follows its symbol directly, so a single space between them was
    a byte of the symbol (0xA0 or 0x85: ``â ïž`` is ⚠️). Of the characters the
    bytes allow, only those of :data:`chardata.PRESENTATION_SYMBOLS` take the
    selector: one left is the symbol (``â€ïž`` is ❤️); of several, the first of
    the symbol prior, then of the prose weights, reported as ambiguous. False,
    and the token left to the other rules, when none fits.
    """
    gap = following.start - token.end
    if not _is_vs16(following) or gap > 1 or gap == 1 and (text[token.end] != " " or len(token.survivors) >= token.need):
        return False
    survivors = token.survivors + ((chardata.SPACE_BYTE,) if gap else ())
    fitting = [c for c in completions(token.lead, survivors, token.need) if c in chardata.PRESENTATION_SYMBOLS]
    if not fitting:
        return False
    prior = {symbol: rank for rank, symbol in enumerate(chardata.SYMBOL_PRIOR)}
    fitting.sort(key=lambda c: (prior.get(c, len(prior)), -chardata.prose_weight(c), ord(c)))
    token.end += gap
    if len(fitting) == 1:
        token.resolve(fitting[0], "presented-symbol")
    else:
        token.resolve(fitting[0], "presented-symbol", "ambiguous", tuple(fitting))
    return True


def _is_sure_damage(text: str, token: _Token) -> bool:
    """Tell whether a spot can only be damage: a lead with followers, an emoji, ``⊠``, ``we’re``."""
    if token.survivors or token.kind in ("emoji", "ellipsis"):
        return True
    if token.lead == 0xE2 and token.start and text[token.start - 1].isalnum():
        return chardata.clitic_after(text[token.start - 1], text, token.end)
    return False


def _neighbours(text: str, token: _Token) -> tuple[str, str]:
    before = text[token.start - 1] if token.start else ""
    after = text[token.end] if token.end < len(text) else ""
    return before, after


def _resolve(text: str, token: _Token, evidence: bool) -> None:
    """Resolve every kind of damaged spot but the lone â."""
    before, after = _neighbours(text, token)
    if token.kind == "replacement":
        return token.resolve(LOST, "lost", "unrecoverable")
    if token.kind == "ellipsis":
        # Glued to the word before (``skeptical⊠and``) or to the word after
        # (``MidJourney? ⊠Once``): either way the space it ate follows it.
        if before and not before.isspace() or after and not after.isspace():
            token.resolve(chardata.ELLIPSIS_SPACE, "ellipsis")
        return None
    if token.kind == "emoji":
        if before.isalpha() and after.isalpha() and token.end - token.start == 1:
            return None  # đ inside a word is the Croatian or Vietnamese letter
        return _resolve_emoji(token)
    candidates = completions(token.lead, token.survivors, token.need)
    if len(token.survivors) == token.need and candidates:
        return _resolve_complete(token, candidates, before)
    if not token.survivors:
        return _resolve_lone_two_byte(text, token, candidates, before, after, evidence)
    if before.isalpha() and after.isalpha() and _resolve_ligature(text, token, candidates):
        return None
    _resolve_by_weight(token, candidates, before, after)


def _resolve_ligature(text: str, token: _Token, candidates: tuple[str, ...]) -> bool:
    """Read a lost letter-like character inside a word by the word it completes (``Handoﬀs``).

    Typeset text holds ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ) whose last byte may be lost; their
    candidates share the lead and the byte left. The one whose spelling makes
    a known word of four letters or more is chosen, when only one does.
    """
    return _read_by_word(text, token, tuple(c for c in candidates if _ascii(c)))


def _resolve_complete(token: _Token, candidates: tuple[str, ...], before: str) -> None:
    """Resolve a sequence whose bytes all survived; a space byte (0x85 or 0xA0) may leave two readings."""
    if len(candidates) > 1 and before.isalpha():
        # Å or à after "dĂ©j": a letter inside a word takes the case of the one before it.
        agreeing = tuple(c for c in candidates if c.isalpha() and c.islower() == before.islower())
        if len(agreeing) == 1:
            return token.resolve(agreeing[0], "exact")
    if len(candidates) == 1:
        return token.resolve(candidates[0], "exact")
    token.resolve(candidates[0], "most-likely", "ambiguous", candidates)


def _resolve_lone_two_byte(
    text: str, token: _Token, candidates: tuple[str, ...], before: str, after: str, evidence: bool
) -> None:
    """Resolve a 2-byte lead whose continuation byte is lost (``Ă``, ``Â``, ``Ä``, …)."""
    if token.lead == 0xC3:
        if before.isdigit():
            return token.resolve(_TIMES, "times")
        if before.islower() and after.islower():
            return token.resolve("\u00df", "eszett")
        letters = tuple(c for c in candidates if c.isalpha())
        if before.islower() or evidence and not (after.islower() and not before.isalpha()):
            return _resolve_lost_letter(text, token, letters)
        if after.isalpha() and (before.isupper() or not before.isalpha()):
            # A capital that lost its second byte, starting a word or inside one in
            # capitals (Émile, CĂDIGO), is read by the word it completes. A Romanian
            # Ă (Ăsta) of a clean line spells its word with an A: that is left alone.
            if not _spells_word(text, token, "A"):
                _read_by_word(text, token, tuple(c for c in letters if _ascii(c) != "A"))
        return None
    if token.lead == 0xC2:
        if after == " ":
            token.end += 1
            return token.resolve(chardata.NBSP, "nbsp")
        return None
    script = _word_script(text, token)
    if script:
        # A letter of a word in another alphabet (Привет) lost its second byte: one of that alphabet's letters.
        letters = tuple(c for c in candidates if unicodedata.name(c, "").startswith(script + " "))
        return token.resolve(LOST, "lost", "unrecoverable", letters or candidates)
    if not _prose(candidates):
        return None  # ß, Ö, É… alone: its completions (NKo, Syriac…) are no prose, so it is a real letter
    if before.isalpha() or evidence:
        return _resolve_lost_letter(text, token, candidates)
    return None  # a word-initial Ä or Ć in a line with no other damage is a real letter


#: Alphabets whose letters are two bytes in UTF-8 and are no Latin: a word of them is no English.
_OTHER_SCRIPTS = ("CYRILLIC", "GREEK", "HEBREW", "ARABIC", "ARMENIAN")


def _word_script(text: str, token: _Token) -> str:
    """The non-Latin alphabet of the word around ``token``, known from a letter of it whose bytes all survived."""
    start, end = token.start, token.end
    while start and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    word = text[start:end]
    for i, char in enumerate(word[:-1]):
        if char in chardata.LEADS and word[i + 1] in chardata.FOLLOWERS and chardata.LEADS[char][1] == 1:
            decoded = bytes((chardata.LEADS[char][0], chardata.FOLLOWERS[word[i + 1]])).decode("utf-8", "replace")
            script = unicodedata.name(decoded, "").split(" ")[0]
            if script in _OTHER_SCRIPTS:
                return script
    return ""


def _resolve_lost_letter(text: str, token: _Token, candidates: tuple[str, ...]) -> None:
    """Resolve a letter whose second byte is gone: by the word it completes, or by the space it became, or lost."""
    if _space_byte_letter(text, token) or _read_by_word(text, token, candidates):
        return None
    token.resolve(LOST, "lost", "unrecoverable", candidates)


def _read_by_word(text: str, token: _Token, candidates: tuple[str, ...]) -> bool:
    """Resolve ``token`` to a candidate whose ASCII spelling completes a known word, when one word is known.

    Letters that differ only in their accent spell the word alike (Ò Ó Ô Õ Ö
    all give ``CODIGO``): of them the likeliest accent is chosen
    (:func:`chardata.accent_rank`), the rest listed first among the others.
    False, and ``token`` left alone, when no word or several are known.
    """
    fitting = _letter_candidates(text, token.start, token.end, candidates)
    words = {word for _, word in fitting if len(word) >= _MIN_WORD and wordcounts.count(word.lower())}
    if len(words) != 1:
        return False
    spelling = words.pop()
    alike = sorted((c for c, word in fitting if word == spelling), key=chardata.accent_rank)
    others = tuple(c for c, word in fitting if word != spelling)
    token.resolve(alike[0], "word", "ambiguous", (*alike, *others))
    return True


def _spells_word(text: str, token: _Token, spelling: str) -> bool:
    """Tell whether ``spelling`` in the place of ``token`` completes a known word."""
    word = _letters_before(text, token.start) + spelling + _letters_after(text, token.end)
    return len(word) >= _MIN_WORD and word.isascii() and bool(wordcounts.count(word.lower()))


_MIN_WORD = 4  # letters a word needs before the word list is evidence (every short string is in it)


def _letter_candidates(text: str, start: int, end: int, candidates: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pair each candidate letter of the right case with the ASCII spelling of the word it would complete.

    A capital starts a word; inside one a letter takes the case of the one
    before it. A word whose other letters are not plain ASCII gives nothing.
    """
    stem, rest = _letters_before(text, start), _letters_after(text, end)
    if not (stem + rest).isascii():
        return []
    upper = not stem or stem[-1].isupper()
    return [(c, stem + _ascii(c) + rest) for c in candidates if c.isalpha() and c.isupper() == upper]


def _space_byte_letter(text: str, token: _Token) -> bool:
    """Read ``MÄ dry`` as ``Mądry``: the space after a lone lead inside a word was its second byte, 0x85 or 0xA0.

    The other reading, a lost letter ending the word before a real space,
    makes the stem and that letter a word of their own. The space is taken
    as the byte when only one of its two letters makes the whole a known
    word (``Ă ngstrom``), or when the stem is one letter: a one-letter stem
    and an accented letter make no word of English prose, and no name; then
    the letter is the lower-case one of the two (``ą`` of C4 85, not the
    ``Ġ`` of C4 A0).
    """
    at = token.end
    if not (at + 1 < len(text) and text[at] == " " and "a" <= text[at + 1] <= "z"):
        return False
    stem, rest = _letters_before(text, token.start), _letters_after(text, at + 1)
    if not stem.isascii():
        return False
    readings = [char for char in (bytes((token.lead, b)).decode("utf-8", "replace") for b in chardata.SPACE_BYTES) if char.isalpha()]
    known = [c for c in readings if len(stem + rest) + 1 >= _MIN_WORD and wordcounts.count((stem + _ascii(c) + rest).lower())]
    lower = [c for c in readings if c.islower()]
    if len(known) == 1:
        chosen = known[0]
    elif len(stem) == 1 and len(lower) == 1:
        chosen = lower[0]
    else:
        return False
    token.end += 1
    others = tuple(c for c in readings if c != chosen)
    token.resolve(chosen, "space-byte", "ambiguous", (chosen, *others, LOST + " "))
    return True


def _letters_before(text: str, at: int) -> str:
    start = at
    while start and text[start - 1].isalpha():
        start -= 1
    return text[start:at]


def _letters_after(text: str, at: int) -> str:
    end = at
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[at:end]


def _ascii(letter: str) -> str:
    """Spell a letter in ASCII: Ł → L, ą → a, Æ → AE; "" when there is no such spelling."""
    if letter in chardata.ASCII_FOLD:
        return chardata.ASCII_FOLD[letter]
    return unicodedata.normalize("NFKD", letter).encode("ascii", "ignore").decode("ascii")


def _resolve_emoji(token: _Token) -> None:
    """Resolve a 4-byte sequence (or a joined cluster of them): one emoji fits, or it is lost."""
    lead_survivors = _first_emoji_survivors(token)
    candidates = completions(0xF0, lead_survivors, 3)
    joined = len(token.survivors) > len(lead_survivors)
    emoji = _emoji(candidates)
    if len(emoji) == 1 and not joined:
        return token.resolve(emoji[0], "only-candidate" if len(lead_survivors) < 3 else "exact")
    return token.resolve(LOST, "lost", "unrecoverable", emoji or candidates)


def _first_emoji_survivors(token: _Token) -> tuple[int, ...]:
    """Return the followers of a cluster's first 4-byte sequence (later leads follow them in survivors)."""
    out = []
    for byte in token.survivors:
        if byte in (0xE2, 0xF0, 0xEF):
            break
        out.append(byte)
    return tuple(out[:3])


def _resolve_by_weight(token: _Token, candidates: tuple[str, ...], before: str, after: str) -> None:
    """Resolve a sequence with some bytes lost by its prose candidates."""
    prose = _prose(candidates)
    if len(prose) == 1:
        return token.resolve(prose[0], "only-candidate")
    if token.lead == 0xE2 and token.survivors == (chardata.SPACE_BYTE,) and before in ("", " ") and after in ("", " "):
        return _resolve_symbol(token, candidates)
    if _is_vs16(token):
        return token.resolve("\ufe0f", "only-candidate")
    if {"\u2022", "\u2122"} <= set(prose[:2]):
        # Bullet and trade mark share their bytes: a bullet stands apart, ™ sticks to a word.
        spaced = (not before or before.isspace()) and (not after or after.isspace())
        return token.resolve("\u2022" if spaced else "\u2122", "bullet-or-tm", "ambiguous", prose)
    if len(prose) > 1 and chardata.prose_weight(prose[0]) >= 4 * chardata.prose_weight(prose[1]):
        return token.resolve(prose[0], "most-likely", "ambiguous", prose)
    token.resolve(LOST, "lost", "unrecoverable", prose or candidates)


# -- the lone â ----------------------------------------------------------------


def _resolve_lone_e2(text: str, tokens: list[_Token], lone: list[_Token], evidence: bool) -> None:
    """Read every lone â of the line from its neighbours (rules in the module docstring)."""
    view, places = _view(text, tokens, lone)
    candidates = _prose(completions(0xE2, (), 2))
    quoted: list[tuple[_Token, str, int]] = []
    chain = _arrow_chain(view, [places[id(t)] for t in lone])
    steps = _NUMBER_STEPS.search(view) is not None
    for number, token in enumerate(lone):
        at = places[id(token)]
        before = view[at - 1] if at else ""
        after = view[at + 1] if at + 1 < len(view) else ""
        if token.after is not None or any(queued is token for queued, _, _ in quoted):
            continue  # the second of a glued pair, read with the first
        glued = number + 1 < len(lone) and places[id(lone[number + 1])] == at + 1
        if glued and before and not before.isspace() and view[at + 2 : at + 3].isalnum():
            _quote_and_dash(token, lone[number + 1], at, quoted)
        elif view.strip() == "\u00e2":
            # A line holding only the mark: a divider between parts of the notes.
            token.resolve(_EM_DASH, "divider", "ambiguous", (_EM_DASH, _EN_DASH, "\u2026"))
        elif at in chain:
            token.resolve(_ARROW, "arrow-chain", "ambiguous", (_ARROW, _EM_DASH, _EN_DASH))
        elif before.isalnum() and chardata.clitic_after(before, view, at + 1):
            token.resolve(_APOSTROPHE, "apostrophe")
        elif before.isdigit() and after.isdigit() and steps:
            # Numbers joined by two marks or more (``GPT1→2→3``): a progression, not a range;
            # and a line that writes one so writes its other number pairs so (``4→5``).
            token.resolve(_ARROW, "arrow-chain", "ambiguous", (_ARROW, _EN_DASH, _EM_DASH))
        elif before.isdigit() and after.isdigit():
            token.resolve(_EN_DASH, "range", "ambiguous", (_EN_DASH, _EM_DASH, "\u2212"))
        elif before and before in ")]" and after.isalpha():
            # After a closing bracket a word goes on (``(MCP)—a simple``): a dash.
            token.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH))
        elif before.isalpha() and after.isalpha():
            if _english_words(view, at):
                token.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH))
            elif _open_quotes(quoted) > 0:
                # A quote is open and no dash fits: it closes before a suffix (``“AI Native”ness``).
                quoted.append((token, "close", at))
        elif before == " " and after == " ":
            if _between_terms(view, at):
                token.resolve(_ARROW, "arrow", "ambiguous", (_ARROW, "\u2212", "\u2248", "\u21d2", _EM_DASH))
            elif at >= 2 and view[at - 2] in ",:;":
                # No dash follows a comma or colon: a symbol (✓, ❌, →…) stands there.
                _resolve_symbol(token, completions(0xE2, (), 2))
            else:
                token.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH, _ARROW))
        elif (not before or before.isspace() or before in chardata.QUOTE_OPENERS) and after and not after.isspace():
            quoted.append((token, "open", at))
        elif before and not before.isspace() and (not after or after.isspace() or after in chardata.QUOTE_CLOSERS):
            quoted.append((token, "close", at))
        elif before == " " and not after and at >= 2 and view[at - 2].isalnum():
            # A symbol marking a list item or line; a byte 0x85 or 0xA0 may have
            # been its last, the space it became stripped with the line's end.
            _resolve_symbol(token, _LINE_END_E2)
        else:
            token.resolve(LOST, "lost", "unrecoverable", candidates)
    _pair_quotes(view, quoted, evidence)
    for token in lone:
        _weigh_context(view, places[id(token)], token, candidates)


def _quote_and_dash(first: _Token, second: _Token, at: int, quoted: list[tuple[_Token, str, int]]) -> None:
    """Read two lone â glued between words (``DeepSeekââa``): a quote and a dash, in the order the quotes ask.

    When a quote is open, the first closes it and the second is a dash
    (``“American DeepSeek”—a``); else the first is a dash and the second opens
    a quote (``said—“we``).
    """
    if _open_quotes(quoted) > 0:
        quoted.append((first, "close", at))
        second.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH))
    else:
        first.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH))
        quoted.append((second, "open", at + 1))


def _open_quotes(quoted: list[tuple[_Token, str, int]]) -> int:
    """How many quotes read so far are open: opening-shaped minus closing-shaped lone â."""
    return sum(1 if shape == "open" else -1 for _, shape, _ in quoted)


#: Three numbers or more joined by glued lone â (``1â2â3``): steps of a progression.
_NUMBER_STEPS = re.compile(r"\d\u00e2\d+\u00e2\d")

#: Most words a step of an arrow chain holds (``OpenAI 2017 intern (Dota era)``).
_CHAIN_STEP_WORDS = 6


def _arrow_chain(view: str, marks: list[int]) -> set[int]:
    """The places of spaced lone â that join the steps of a chain (``Princeton → SWE-bench → Stanford PhD``).

    Two spaced marks or more in one clause, where every step opens with a
    capital, a digit or a word holding a digit (``o1/o3``), and every step
    but the last is a short phrase with no sentence punctuation (the last
    runs to the clause's end). A pair of dashes around an aside fails it:
    the aside or the words after it open in lower case (``Claude — their
    model — and``), or the words before it are a clause of their own.
    """
    spaced = [at for at in marks if 0 < at < len(view) - 1 and view[at - 1] == " " and view[at + 1] == " "]
    if len(spaced) < 2:
        return set()
    colon = view.rfind(": ", 0, spaced[0])
    start = colon + 2 if colon != -1 else 0
    ends = [found for stop in (". ", "; ", "! ", "? ", ", ") if (found := view.find(stop, spaced[-1])) != -1]
    end = min(ends, default=len(view))
    steps = [view[a:b].strip() for a, b in zip([start] + [at + 1 for at in spaced], [*spaced, end])]
    for number, step in enumerate(steps, 1):
        words = step.lstrip("*\u2022- ").split()
        if not words or len(words) > _CHAIN_STEP_WORDS and number < len(steps):
            return set()
        outside = re.sub(r"\([^()]*\)", "", step)
        if re.search(r"[,;!?\u00e2]|\.(?:\s|$)", outside):
            return set()
        first = words[0]
        if not (first[0].isupper() or first[0].isdigit() or any(c.isdigit() for c in first)):
            return set()
    return set(spaced)


def _weigh_context(view: str, at: int, token: _Token, candidates: tuple[str, ...]) -> None:
    """Let the context model (:mod:`.context`) read a lone â that no rule above could read.

    Such a spot would stay a damage signature on the page (``likeâI mean``:
    a glued dash before a one-letter word, which the word-list rule cannot
    vouch for). Every reading the rules made, sure, ambiguous or lost, stands.
    Between two letters it reads only such a spot, where one side is the
    word ``I`` or ``a``: elsewhere between letters a real â may stand inside
    a word (``pâte``, ``România``), which counts of clean English cannot tell.
    """
    if token.after is not None:
        return
    if view[at - 1 : at].isalpha() and view[at + 1 : at + 2].isalpha() and not _one_letter_word(view, at):
        return
    allowed = tuple(dict.fromkeys(candidates + chardata.SYMBOL_PRIOR))
    ranked, evidence, _ = context.rank(view, at, allowed)
    if not ranked:
        return
    status = "fixed" if context.is_sure(ranked, evidence) else "ambiguous"
    listed = tuple(c for c, _ in ranked) + tuple(c for c in candidates if c not in dict(ranked))
    token.resolve(ranked[0][0], "context", status, listed)


def _one_letter_word(view: str, at: int) -> bool:
    """Whether the letters on one side of ``at`` are the word ``I`` or ``a`` on its own (``likeâI mean``)."""
    left = view[at - 1 : at] in ("I", "a") and not view[at - 2 : at - 1].isalpha()
    right = view[at + 1 : at + 2] in ("I", "a") and not view[at + 2 : at + 3].isalpha()
    return left or right


def _resolve_symbol(token: _Token, candidates: tuple[str, ...]) -> None:
    """Apply the likeliest-symbol rule: the first symbol of :data:`chardata.SYMBOL_PRIOR` that fits, else lost.

    The choice is ambiguous, never fixed: every fitting symbol of the prior is
    listed, in its order, before the other prose candidates.
    """
    fitting = tuple(symbol for symbol in chardata.SYMBOL_PRIOR if symbol in candidates)
    others = tuple(c for c in _prose(candidates) if c not in fitting)
    if not fitting:
        return token.resolve(LOST, "lost", "unrecoverable", others or candidates)
    token.resolve(fitting[0], "likeliest-symbol", "ambiguous", fitting + others)


#: What a lone â at the end of a line can be: both continuation bytes lost, or
#: one lost and the other 0x85 or 0xA0, whose space went with the line's end
#: (no line of the dump ends in whitespace).
_LINE_END_E2 = tuple(
    sorted(
        set(completions(0xE2, (), 2)) | set(completions(0xE2, (chardata.SPACE_BYTE,), 2)),
        key=lambda c: (-chardata.prose_weight(c), ord(c)),
    )
)


def _between_terms(view: str, at: int) -> bool:
    """Tell whether a spaced lone â stands between a one-letter variable and a number or variable (``h → 0``).

    No dash goes there; the arrow (→, typed as ``->`` and turned into one by
    the editor) is likelier than a minus sign (−) or ≈, which fit the bytes too.
    ``a``, ``A`` and ``I`` are words, not variables.
    """
    left = view[max(0, at - 3) : at - 1]
    right = view[at + 2 : at + 4]
    variable = len(left) >= 1 and left[-1].isascii() and left[-1].isalpha() and left[-1] not in "aAI"
    variable = variable and (len(left) < 2 or not left[0].isalnum())
    term = bool(right) and right[0].isascii() and (right[0].isdigit() or right[0].isalpha() and (len(right) < 2 or not right[1].isalnum()))
    return variable and term


def _view(text: str, tokens: list[_Token], lone: list[_Token]) -> tuple[str, dict[int, int]]:
    """Resolve every other damaged spot in a copy of the line; return it and where each lone â stands."""
    pieces: list[str] = []
    places: dict[int, int] = {}
    last = length = 0
    for token in tokens:
        pieces.append(text[last : token.start])
        length += token.start - last
        if token.after is None or token in lone:
            piece = text[token.start : token.end]
            places[id(token)] = length
        else:
            piece = token.after
        pieces.append(piece)
        length += len(piece)
        last = token.end
    pieces.append(text[last:])
    return "".join(pieces), places


def _english_words(view: str, at: int) -> bool:
    """Tell whether the letters on both sides of ``at`` are common English words.

    Two letters or more, or the words ``I`` and ``a``: ``like—I mean``,
    ``do—we look``; a real â stands inside a word whose halves are no
    common words (``pâte``, ``România``). One half may be a long word of
    its own (:data:`_LONG_WORD` letters, ``overoptimization—where``) or a
    name in capitals (``MCP—from``) when the other is common: the halves
    of a word around a real â are short and written alike.
    """
    left = at
    while left and view[left - 1].isascii() and view[left - 1].isalpha():
        left -= 1
    right = at + 1
    while right < len(view) and view[right].isascii() and view[right].isalpha():
        right += 1
    halves = (view[left:at], view[at + 1 : right])
    words = tuple(half.lower() for half in halves)
    common = wordcounts.common_words(_COMMON_WORD)
    known = [(len(w) >= 2 or w in ("i", "a")) and w in common for w in words]
    named = [len(w) >= _LONG_WORD or _acronym(half) for half, w in zip(halves, words)]
    return all(known) or any(known) and all(k or n for k, n in zip(known, named))


def _acronym(word: str) -> bool:
    """Tell whether a word is written in capitals only (``MCP``, ``GPU``): a name the word counts miss.

    >>> _acronym("MCP"), _acronym("Mcp"), _acronym("A")
    (True, False, False)
    """
    return len(word) >= 2 and word.isupper()


_COMMON_WORD = 5e6  # count in wordsegment's unigrams (of 10^12 words) that makes a word common
_LONG_WORD = 8  # letters of a half that is a word even when the unigrams miss it


def _pair_quotes(view: str, quoted: list[tuple[_Token, str, int]], other_damage: bool) -> None:
    """Pair opening- and closing-shaped lone â as quotes; read the rest as possessives, dashes or quotes.

    Quotes pair like brackets; a pair that stands inside another pair is a
    quote within a quote, single quotes in the American style (“… ‘…’ …”).
    """
    stack: list[tuple[_Token, int]] = []
    pairs: list[tuple[_Token, _Token]] = []
    for index, (token, shape, at) in enumerate(quoted):
        before = view[at - 1] if at else ""
        after = view[at + 1] if at + 1 < len(view) else ""
        if shape == "open":
            stack.append((token, at))
        elif stack:
            if before and before in "sS" and after.isspace() and _later_closer(quoted, index) and _closers_after(quoted, index) >= len(stack):
                token.resolve(_APOSTROPHE, "possessive")
                continue
            pairs.append((stack.pop()[0], token))
        elif before and before in "sS" and (not after or after.isspace()):
            token.resolve(_APOSTROPHE, "possessive")
        elif before.isalpha() and (not after or after == " " and view[at + 2 : at + 3].islower()):
            # Speech broken off (``like—`` at the end, ``we were— and then``): no quote opened.
            token.resolve(_EM_DASH, "dash", "ambiguous", (_EM_DASH, _EN_DASH, _CLOSE_QUOTE))
        else:
            token.resolve(_CLOSE_QUOTE, "unpaired-quote", "ambiguous", (_CLOSE_QUOTE, _APOSTROPHE, _EM_DASH))
    for token, at in stack:
        _unpaired_open(view, token, at, other_damage)
    for opening, closing in pairs:
        if any(outer.start < opening.start and closing.start < outer_end.start for outer, outer_end in pairs):
            opening.resolve("\u2018", "nested-quotes", "ambiguous", ("\u2018", _OPEN_QUOTE))
            closing.resolve(_APOSTROPHE, "nested-quotes", "ambiguous", (_APOSTROPHE, _CLOSE_QUOTE))
        else:
            opening.resolve(_OPEN_QUOTE, "quotes", "ambiguous", (_OPEN_QUOTE, "\u2018"))
            closing.resolve(_CLOSE_QUOTE, "quotes", "ambiguous", (_CLOSE_QUOTE, _APOSTROPHE))


def _closers_after(quoted: list[tuple[_Token, str, int]], index: int) -> int:
    """Count the closing-shaped â after ``index``."""
    return sum(shape == "close" for _, shape, _ in quoted[index + 1 :])


def _later_closer(quoted: list[tuple[_Token, str, int]], index: int) -> bool:
    """Tell whether the next quote-shaped â after ``index`` is a closing one."""
    return index + 1 < len(quoted) and quoted[index + 1][1] == "close"


def _unpaired_open(view: str, token: _Token, at: int, other_damage: bool) -> None:
    """Read an opening quote with no closing one, where a capital follows or the line is surely damaged.

    Before a word of :data:`chardata.ELISIONS` (``‘cause``, ``‘em``) it is that
    elision's single opening mark, whatever else the line holds. Before another
    lower-case word that no quote closes, in a line with no other damage, it is
    the same mark when the word is a common English word (a real â starts no
    such word: ``âge`` is French).
    """
    after = view[at + 1] if at + 1 < len(view) else ""
    word = ""
    while at + 1 + len(word) < len(view) and view[at + 1 + len(word)].isascii() and view[at + 1 + len(word)].isalpha():
        word += view[at + 1 + len(word)]
    if word in chardata.ELISIONS or after.islower() and not other_damage and len(word) >= 3 and word in wordcounts.common_words(_COMMON_WORD):
        return token.resolve("\u2018", "elision", "ambiguous", ("\u2018", _APOSTROPHE, _OPEN_QUOTE))
    if after.isupper() or after.isdigit() or other_damage:
        token.resolve(_OPEN_QUOTE, "unpaired-quote", "ambiguous", (_OPEN_QUOTE, "\u2018"))


def _apply(text: str, tokens: list[_Token]) -> tuple[str, list[Fix]]:
    """Write the resolved tokens into the line and describe each change."""
    pieces: list[str] = []
    spans: list[tuple[_Token, int]] = []
    last = 0
    length = 0
    for token in tokens:
        if token.after is None:
            continue
        pieces.append(text[last : token.start])
        length += token.start - last
        spans.append((token, length))
        pieces.append(token.after)
        length += len(token.after)
        last = token.end
    pieces.append(text[last:])
    out = "".join(pieces)
    fixes = [
        Fix(
            step=f"mojibake:{token.rule}",
            before=text[token.start : token.end],
            after=token.after,
            status=token.status,  # type: ignore[arg-type]
            candidates=token.candidates if token.status != "fixed" else (),
            context=out[max(0, at - 15) : at + len(token.after) + 15],
        )
        for token, at in spans
    ]
    return out, fixes

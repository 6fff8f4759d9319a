"""Tables and regexes for the repair stage, kept apart from the code that uses them.

The damage this stage undoes: a page's UTF-8 bytes were decoded as ISO-8859-16
after every byte 0x80–0x9F had been dropped, and every no-break space was then
turned into a plain space. So:

* a byte 0xC2–0xF4 (a UTF-8 lead byte) shows as its ISO-8859-16 letter: ``Ă``
  for 0xC3, ``â`` for 0xE2, ``đ`` for 0xF0 (the *lead* characters);
* a continuation byte 0xA0–0xBF survives as one of 32 *follower* characters
  (no-break space, ``Ą ą Ł € „ Š § š © Ș « Ź`` soft hyphen ``ź Ż ° ± Č ł Ž ” ¶ ·
  ž č ș » Œ œ Ÿ ż``), the no-break space showing as a plain space;
* a continuation byte 0x80–0x9F is gone without a trace, except 0x85: it
  became U+0085 (NEL), which counts as whitespace, and the scraper's
  whitespace clean-up turned it into a plain space like the no-break space.
"""

from __future__ import annotations

import re
import unicodedata

from ftfy.chardata import CONTROL_CHARS

from ..vocabulary import load_vocabulary

#: The ISO-8859-16 character of every byte value.
LATIN10 = bytes(range(256)).decode("iso-8859-16")

#: Continuation bytes that the damage dropped (0x85 is not lost: it became a space).
LOST_BYTES = tuple(b for b in range(0x80, 0xA0) if b != 0x85)

#: Stand-in for a continuation byte that shows as a space: 0xA0 or 0x85.
SPACE_BYTE = -1
SPACE_BYTES = (0x85, 0xA0)

#: Lead character -> (lead byte, number of continuation bytes the character needs).
LEADS = {LATIN10[b]: (b, 1 if b < 0xE0 else 2 if b < 0xF0 else 3) for b in range(0xC2, 0xF5)}

#: Follower character -> the continuation byte 0xA0–0xBF it stands for.
FOLLOWERS = {LATIN10[b]: b for b in range(0xA0, 0xC0)}

NBSP = "\u00a0"
NEL = "\u0085"
E2 = LATIN10[0xE2]  # â: lead of U+0800–U+FFFF in the E2 block (punctuation, arrows, symbols)
F0 = LATIN10[0xF0]  # đ: lead of U+10000–U+3FFFF (emoji, math letters)
C3 = LATIN10[0xC3]  # Ă: lead of U+00C0–U+00FF (À–ÿ); a real Ă is C4 82, which the damage makes Ä

#: ``⊠`` (E2 8A A0) is what an ellipsis followed by a space became in the dump:
#: the damaged ``âŠ `` was later read by ftfy's ``decode_inconsistent_utf8`` as
#: Windows-1252 (Š = 0x8A) with the space restored to 0xA0. It stands for "… ".
SQUARED_TIMES = "\u22a0"
ELLIPSIS_SPACE = "\u2026 "
REPLACEMENT = "\ufffd"

#: Characters the damage (and the ftfy pass the dump went through) can leave in
#: a line. Anything else marks the line clean.
DAMAGE_ALPHABET = frozenset(LATIN10) | {SQUARED_TIMES, REPLACEMENT}

#: Lead characters read as themselves when alone: 3- and 4-byte leads other
#: than â and đ (alone they would mean a lost CJK or rare character), plus
#: bytes that never lead (0xC0, 0xC1, 0xF5–0xFF).
CLEAN_LEADS = frozenset(LATIN10[b] for b in [0xC0, 0xC1, *range(0xE0, 0x100)] if b not in (0xE2, 0xF0))

#: A run of characters that may hold damage: any non-ASCII character.
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

#: Characters ftfy may act on (with the configuration in ``repair``): every
#: pattern of ftfy's badness heuristic needs two non-ASCII characters in a row
#: or one of ``Œœ Ã Â`` or a C1 control; the other fixers need control
#: characters, surrogates or an escape. A line without any of these is left
#: alone by ftfy, so it is not worth the call.
FTFY_TRIGGER = re.compile(
    "[^\\x00-\\x7f]{2}|[\\x1b\\x80-\\x9f\\ud800-\\udfff\u0152\u0153\u00c3\u00c2"
    + "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS))
    + "]"
)

#: Control characters Python counts as whitespace that ftfy would delete: made spaces.
SEPARATOR_CONTROLS = {c: " " for c in (0x0B, 0x1C, 0x1D, 0x1E, 0x1F) if c in CONTROL_CHARS}


#: ASCII spelling of the letters that Unicode does not decompose into a base
#: letter and marks (the others lose their marks: ą → a, Ś → S).
ASCII_FOLD = {
    "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u00d0": "D", "\u00f0": "d",
    "\u00d8": "O", "\u00f8": "o", "\u00c6": "AE", "\u00e6": "ae", "\u0152": "OE", "\u0153": "oe",
    "\u00de": "TH", "\u00fe": "th", "\u00df": "ss", "\u014a": "N", "\u014b": "n", "\u0126": "H",
    "\u0127": "h", "\u0166": "T", "\u0167": "t", "\u0131": "i",
}

#: The character vocabulary (``vocabulary/repair.yml``: prose weights, the
#: symbol prior, clitics, number suffixes), each list with its origin.
_VOCABULARY = load_vocabulary("repair")

#: English clitics that can follow an apostrophe: it’s, don’t, we’ll, they’re, we’ve, I’d, I’m.
CLITIC = re.compile(r"(?:" + "|".join(_VOCABULARY["clitics"]) + r")(?![^\W\d_])")
#: The same in capitals, after a word in capitals: DOESN’T, IT’S, WE’RE.
UPPER_CLITIC = re.compile(r"(?:" + "|".join(c.upper() for c in _VOCABULARY["clitics"]) + r")(?![^\W\d_])")


def clitic_after(letter: str, text: str, at: int) -> bool:
    """Tell whether a clitic starting at ``at`` ends the word, in the case of ``letter``, the one before the mark.

    >>> clitic_after("t", "its", 2), clitic_after("N", "DOESNT", 5), clitic_after("n", "doesnT", 5), clitic_after("I", "ItSo", 2)
    (True, True, False, False)
    """
    return CLITIC.match(text, at) is not None or letter.isupper() and UPPER_CLITIC.match(text, at) is not None


#: Characters of English prose among the U+0080+ range, with a rough weight
#: (relative frequency in English web text). A lossy sequence is resolved only
#: towards these; the weights rank candidates in reports and pick one only when
#: the first clearly dominates.
PROSE_WEIGHTS: dict[str, int] = dict(_VOCABULARY["prose_weights"])

#: Blocks whose assigned characters count as emoji candidates for a damaged
#: 4-byte sequence: pictographs, emoticons, transport, supplemental symbols.
#: Skin-tone modifiers (U+1F3FB–U+1F3FF) are left out: they never stand alone.
EMOJI_BLOCKS = ((0x1F300, 0x1F3FA), (0x1F400, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1FA70, 0x1FAFF))


def prose_weight(char: str) -> int:
    """Return the prose weight of a candidate: table, Latin letter, emoji, else 0."""
    if char in PROSE_WEIGHTS:
        return PROSE_WEIGHTS[char]
    code = ord(char)
    if 0xA0 <= code <= 0x17F:
        # Latin-1 and Latin Extended-A: accented letters of names and loanwords.
        return 2 if unicodedata.category(char) != "Cc" else 0
    if any(low <= code <= high for low, high in EMOJI_BLOCKS):
        return 1
    return 0


# -- math runs ---------------------------------------------------------------

#: Mathematical italic letter for every ASCII letter (KaTeX's MathML, as a browser
#: shows it): U+1D434.. for A–Z and a–z, except italic h, which is U+210E.
MATH_ITALIC = {
    letter: ("\u210e" if letter == "h" else chr(base + i))
    for base, letters in ((0x1D434, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), (0x1D44E, "abcdefghijklmnopqrstuvwxyz"))
    for i, letter in enumerate(letters)
}

#: KaTeX renders an apostrophe as a prime and a hyphen as a minus sign.
MATH_SYMBOLS = {"'": "\u2032", "-": "\u2212"}


def damage_bytes(text: str) -> str:
    """Return ``text`` with the dump's byte damage: UTF-8, drop 0x80–0x9F but 0x85, ISO-8859-16, NEL and NBSP to space."""
    kept = bytes(b for b in text.encode("utf-8", "surrogatepass") if b == 0x85 or not 0x80 <= b <= 0x9F)
    return kept.decode("iso-8859-16").replace(NEL, " ").replace(NBSP, " ")


#: What each math-italic letter (and ℎ) looks like after the damage, and back.
DAMAGED_MATH_LETTER = {letter: damage_bytes(italic) for letter, italic in MATH_ITALIC.items()}

#: Damaged math letter with a follower -> the letters it can be (a space: s or R).
MATH_LETTERS_BY_FOLLOWER: dict[str, frozenset[str]] = {}
for _letter, _damaged in DAMAGED_MATH_LETTER.items():
    if len(_damaged) == 2:
        MATH_LETTERS_BY_FOLLOWER[_damaged[1]] = MATH_LETTERS_BY_FOLLOWER.get(_damaged[1], frozenset()) | {_letter}

#: Letters whose math-italic form loses every continuation byte (bare ``đ``).
MATH_BARE_LETTERS = frozenset(letter for letter, damaged in DAMAGED_MATH_LETTER.items() if damaged == F0)

#: A damaged prime (′, E2 80 B2) and a damaged minus sign or italic h (bare â).
DAMAGED_PRIME = damage_bytes("\u2032")


# -- lone â context ------------------------------------------------------------

#: The *likeliest symbol* rule's prior: symbols that stand alone in show notes
#: and prose (a list item's mark, a symbol between spaces), likeliest first
#: (✅ ❌ ✓ ✔ ✗ ✘ → ← ★ ☆ • ▪ ■, an editorial ranking). Where a damaged E2
#: sequence stands where a symbol is expected, the first of these that fits its
#: bytes is chosen (ambiguous).
SYMBOL_PRIOR: tuple[str, ...] = tuple(_VOCABULARY["symbol_prior"])

#: Symbols that take the emoji presentation selector U+FE0F (``vocabulary/repair.yml``): ❤️ ⚠️ ✔️.
PRESENTATION_SYMBOLS = frozenset(_VOCABULARY["presentation_symbols"])

#: Combining marks, likeliest first (``vocabulary/repair.yml``): which of several
#: letters that differ only in their accent a damaged one most likely was.
ACCENT_PRIOR: tuple[str, ...] = tuple(_VOCABULARY["accent_prior"])


def accent_rank(letter: str) -> int:
    """Rank a letter by its accent in :data:`ACCENT_PRIOR`: lower is likelier; a letter with no listed mark is last.

    >>> sorted("ÖÒÓØ", key=accent_rank)
    ['Ó', 'Ö', 'Ò', 'Ø']
    """
    marks = unicodedata.normalize("NFD", letter)[1:]
    ranks = [ACCENT_PRIOR.index(mark) for mark in marks if mark in ACCENT_PRIOR]
    return min(ranks, default=len(ACCENT_PRIOR))

#: After these a lone â may open a quote; before these it may close one.
QUOTE_OPENERS = frozenset("([{/\"'\u2014\u2013-")
QUOTE_CLOSERS = frozenset(".,;:!?)]}/\"'\u2014\u2013-\u2026")

#: English puts no space before these: a space between a 2-byte lead and one of
#: them was a continuation byte.
NO_SPACE_BEFORE = frozenset(",.;:!?)")


# -- math run text ---------------------------------------------------------------

#: ASCII that is neither letter nor space: a math unit that is itself in both copies.
MATH_PUNCT = re.compile(r"[!-@\[-`{-~]")
MATH_PUNCT_RUN = re.compile(r"[!-@\[-`{-~]*")

#: Tokens of a run's content: numbers (3.5, 1,200), words with apostrophes, one other character.
MATH_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z']*|.", re.S)

#: Short words that stick to the number before them (10x, 1B, 5k, 1990s, 4th).
NUMBER_SUFFIXES = frozenset(_VOCABULARY["number_suffixes"])
#: Words written with an opening mark for the letters they drop (``‘cause``, ``‘em``).
ELISIONS = frozenset(_VOCABULARY["elisions"])

#: No space after these, and none before those, when spaces are restored.
NO_SPACE_AFTER_IN_MATH = frozenset("($#/-@")
NO_SPACE_BEFORE_IN_MATH = frozenset(",.;:!?)%/-'")

#: What may be one word: lower case, Capitalised or ALL CAPS (before any apostrophe).
WORD_SHAPE = re.compile(r"[A-Z]?[a-z]*|[A-Z]+")

#: What may follow an apostrophe inside a word ("" ends a plural: hosts').
CLITICS = (*_VOCABULARY["clitics"], "")


#: Shapes the damage leaves and a repaired text should not hold: a lead
#: character with a follower (``Ă©``, ``âŹ``), a lone ``â`` or ``đ`` (leads of
#: punctuation and emoji whose followers are gone), a lone ``Ă`` (the lead of
#: À–ß, whose second byte is gone: the damage makes no real Ă), ``⊠`` (an
#: ellipsis and a space decoded twice), and U+FFFD.
DAMAGE_SIGNATURE = re.compile(
    "[" + "".join(sorted(LEADS)) + "][" + "".join(sorted(FOLLOWERS)).replace("\\", "") + "]"
    + f"|[{E2}{F0}{C3}]|{SQUARED_TIMES}|{REPLACEMENT}"
)


def damage_signatures(text: str) -> list[str]:
    """List the damage shapes left in ``text`` (see :data:`DAMAGE_SIGNATURE`).

    >>> damage_signatures("Itâs fine"), damage_signatures("It’s fine — déjà vu")
    (['â'], [])
    """
    return DAMAGE_SIGNATURE.findall(text)

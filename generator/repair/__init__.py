"""Repair one line of scraped text: ftfy, then math runs, then lossy mojibake.

``repair_line(text)`` returns the repaired text and the fixes it made, each a
:class:`generator.model.Fix` with a step name, the text before and after, a
status (``fixed``, ``ambiguous``, ``unrecoverable``), the candidates when it is
not sure, and about 30 characters of repaired context. It is pure and
deterministic, never raises, leaves clean text unchanged, and repairing its
output again changes nothing.

Steps, in order:

``ftfy:<name>``
    ftfy's own fixes (classic mojibake, C1 controls, surrogates, terminal
    escapes, control characters: those that separate words, like U+001F,
    become spaces), one Fix per changed span; ``<name>`` is the
    ftfy step, an encode–decode pair named by the encoding it undid. Options that
    would change clean text are off: quotes stay curly (uncurling would also
    turn the ``„`` and ``”`` bytes of math runs into ASCII quotes), ligatures,
    full-width letters, line breaks, HTML entities and Unicode normalization
    stay as written. ``decode_inconsistent_utf8`` is off too: it reads this
    damage's lossy sequences as Windows-1252 and makes them worse (``skepticalâŠ
    and`` becomes ``skeptical⊠and``, the very ``⊠`` the dump holds: the dump
    went through it once already).
``math``
    KaTeX-rendered dollar spans put back (:mod:`.mathspans`).
``mojibake:<rule>``
    ISO-8859-16 damage with lost bytes (:mod:`.mojibake`).

The three steps repeat until the line stops changing (a repaired character
may read as damage again), so that repairing twice changes nothing. An ASCII
line with nothing but printable characters and tabs returns at once.

Every other line's result is kept, the last :data:`CACHED_LINES` of them:
new scrapes repeat old episodes' lines verbatim, and a page's lines are
repaired more than once. The result is immutable (strings and frozen
:class:`Fix` tuples), so a repeated line gets the very same answer.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

import ftfy

from ..model import LOST, Fix
from . import chardata, mathspans, mojibake

__all__ = ["LOST", "Fix", "repair_line", "STEPS"]

#: The steps of :func:`repair_line`, in the order they run.
STEPS = ("ftfy", "math", "mojibake")

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    decode_inconsistent_utf8=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization=None,
    explain=True,
)
_CONTEXT = 15  # characters of context on each side of a change
# A repair can make a character that reads as damage again (Ăą is â, and a lone
# â is a lost character): the steps repeat until the text stands still, which
# makes repairing twice the same as repairing once.
_ROUNDS = 4
#: Lines whose repair is kept (least recently used dropped first). The bundled
#: 1.2 MB dump has 111 lines that are not plain ASCII, 45,000 characters in all.
CACHED_LINES = 4096


def repair_line(text: str) -> tuple[str, tuple[Fix, ...]]:
    """Repair one line; return the text and the fixes made, in order."""
    if text.isascii() and (text.isprintable() or text.replace("\t", " ").isprintable()):
        return text, ()  # printable ASCII and tabs hold no damage (two C-speed checks, no regex)
    return _repair(text)


@lru_cache(maxsize=CACHED_LINES)
def _repair(text: str) -> tuple[str, tuple[Fix, ...]]:
    """Repair a line that may hold damage (see :func:`repair_line`)."""
    fixes: list[Fix] = []
    for _ in range(_ROUNDS):
        before = text
        text = _ftfy(text, fixes)
        text = _math(text, fixes)
        text, lossy = mojibake.repair(text)
        fixes.extend(lossy)
        if text == before:
            break
    return text, tuple(fixes)


def _ftfy(text: str, fixes: list[Fix]) -> str:
    """Run ftfy where it may act, one Fix per changed span of each step it applied."""
    if not chardata.FTFY_TRIGGER.search(text):
        return text
    spaced = text.translate(chardata.SEPARATOR_CONTROLS)
    if spaced != text:
        # ftfy would delete these and glue the words they separate.
        fixes.extend(_diff_fixes("ftfy:remove_control_chars", text, spaced))
        text = spaced
    try:
        _, plan = ftfy.fix_and_explain(text, _FTFY)
    except Exception:  # ftfy is a heuristic on arbitrary text: a failure must not stop the build
        return text
    for name, steps in _group_plan(plan or []):
        try:
            after = ftfy.apply_plan(text, steps)
        except Exception:
            return text
        fixes.extend(_diff_fixes(f"ftfy:{name}", text, after))
        text = after
    return text


def _group_plan(plan: list) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group ftfy's plan into text-to-text steps: encode…decode becomes one, named by its encoding."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    pending: list[tuple[str, str]] = []
    for action, name in plan:
        if action == "encode":
            pending = [(action, name)]
        elif pending:
            pending.append((action, name))
            if action == "decode":
                label = "+".join(n for a, n in pending if a != "decode")
                groups.append((label, pending))
                pending = []
        else:
            groups.append((name, [(action, name)]))
    return groups


def _diff_fixes(step: str, before: str, after: str) -> list[Fix]:
    """Describe each changed span between two versions of a line as a Fix."""
    if before == after:
        return []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Fix(step, before[i1:i2], after[j1:j2], context=after[max(0, j1 - _CONTEXT) : j2 + _CONTEXT])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _math(text: str, fixes: list[Fix]) -> str:
    """Put KaTeX-rendered dollar spans back."""
    if chardata.F0 not in text:
        return text
    repaired, runs = mathspans.repair(text)
    for run, before, after in runs:
        at = repaired.find(after)
        fixes.append(
            Fix(
                "math",
                before,
                after,
                status="ambiguous",
                candidates=(after, "$" + run.content + "$"),
                context=repaired[max(0, at - _CONTEXT) : at + len(after) + _CONTEXT],
            )
        )
    return repaired

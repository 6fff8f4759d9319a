"""Round-trip benchmark: damage clean prose the way the dump was damaged, repair it, count what came back.

Run ``python -m generator.repair.roundtrip [--json PATH] [--corpus PATH]``. It
prints the share of damaged characters restored exactly, then every failure
and every fix that was not sure (ambiguous or unrecoverable), right or wrong.

A *damaged character* is a character of the clean text that the damage
changes: every non-ASCII character, and every character of a ``$…$`` math span
(dollar signs included). It is *restored* when it stands unchanged in the
repaired text, as matched by :class:`difflib.SequenceMatcher`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ftfy.fixes import decode_inconsistent_utf8

from . import chardata, repair_line

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "cases" / "repair" / "clean_corpus.txt"
TARGET = 0.98


def damage(text: str) -> str:
    """Damage ``text`` as the dump was: KaTeX renders ``$…$`` spans, then the byte damage, then ftfy."""
    return _damage_bytes(render_math(text))


def render_math(text: str) -> str:
    """Replace each ``$…$`` pair (taken left to right) by what a scrape of KaTeX's output holds.

    That is the MathML copy (letters as mathematical italics) and then the HTML
    copy (plain letters), both without spaces, with ′ for an apostrophe and −
    for a hyphen. An unpaired last ``$`` stays as it is.
    """
    out: list[str] = []
    last = 0
    for match in re.finditer(r"\$([^$]+)\$", text):
        content = match.group(1)
        out.append(text[last : match.start()])
        plain = "".join(chardata.MATH_SYMBOLS.get(c, c) for c in content if not c.isspace())
        italic = "".join(chardata.MATH_ITALIC.get(c, c) if c.isascii() else c for c in plain)
        out.append(italic + plain)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _damage_bytes(text: str) -> str:
    """Apply the byte damage, then the ftfy pass the dump went through (``âŠ `` became ``⊠``, ``Ă§`` ç)."""
    return decode_inconsistent_utf8(chardata.damage_bytes(text))


def damaged_mask(text: str) -> list[bool]:
    """Mark the characters of clean ``text`` that the damage changes."""
    mask = [not c.isascii() for c in text]
    for match in re.finditer(r"\$[^$]+\$", text):
        for i in range(match.start(), match.end()):
            mask[i] = True
    return mask


@dataclass
class Result:
    """Figures of one benchmark run."""

    damaged: int = 0
    restored: int = 0
    lines: int = 0
    failures: list[dict] = field(default_factory=list)
    doubtful: list[dict] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0


def run(lines: list[str]) -> Result:
    """Damage, repair and compare every line."""
    result = Result()
    for number, clean in enumerate(lines, 1):
        if not clean.strip():
            continue
        result.lines += 1
        broken = damage(clean)
        repaired, fixes = repair_line(broken)
        mask = damaged_mask(clean)
        result.damaged += sum(mask)
        matcher = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                result.restored += sum(mask[i1:i2])
            else:
                result.failures.append(
                    {"line": number, "expected": clean[i1:i2], "got": repaired[j1:j2], "context": clean[max(0, i1 - 20) : i2 + 20]}
                )
        for fix in fixes:
            if fix.status != "fixed":
                right = fix.after in clean or fix.step == "math" and fix.after.replace(" $", "$") in clean
                result.doubtful.append(
                    {"line": number, "status": fix.status, "step": fix.step, "before": fix.before, "after": fix.after,
                     "right": right, "candidates": list(fix.candidates[:8]), "context": fix.context}
                )
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on a corpus and print (and optionally write) the figures."""
    parser = argparse.ArgumentParser(prog="python -m generator.repair.roundtrip", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures, failures and doubtful fixes here")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="clean text, one paragraph a line")
    args = parser.parse_args(argv)
    result = run(args.corpus.read_text(encoding="utf-8").splitlines())
    print(f"corpus: {args.corpus} ({result.lines} lines)")
    print(f"damaged characters restored exactly: {result.restored}/{result.damaged} = {result.share:.2%} (target {TARGET:.0%})")
    print(f"\nfailures ({len(result.failures)}):")
    for failure in result.failures:
        print(f"  line {failure['line']}: expected {failure['expected']!r}, got {failure['got']!r}  | {failure['context']}")
    print(f"\nnot sure ({len(result.doubtful)}):")
    for item in result.doubtful:
        verdict = "right" if item["right"] else "WRONG"
        shown = item["after"] if len(item["after"]) < 60 else item["after"][:57] + "..."
        print(f"  line {item['line']}: {item['status']} {item['step']} {item['before'][:20]!r} -> {shown!r} ({verdict})"
              f" candidates {''.join(c for c in item['candidates'] if len(c) == 1)!r}")
    if args.json:
        args.json.write_text(json.dumps({**asdict(result), "share": result.share}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

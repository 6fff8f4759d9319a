"""Decode an input file into text, refusing what is not text with a clear message.

Rules, in order:

* An empty file (or one of whitespace only) is refused.
* A byte-order mark decides: UTF-8, UTF-16 or UTF-32, little or big endian.
* UTF-16 without a mark is recognised by its zero bytes falling on every other
  byte; it is decoded and reported.
* Other zero bytes at the start, or a start that is mostly control bytes, mean a
  binary file: refused. Zero bytes further on, in a file that reads as text, are
  removed and reported.
* A file that is valid UTF-8 is returned as it is (newlines normalised to
  ``\\n``): a clean file comes out unchanged.
* Otherwise each line that is not valid UTF-8 is decoded as Windows-1252 (the
  five bytes it leaves undefined as Latin-1), and the lines are reported: a
  file that mixes encodings keeps its UTF-8 lines intact.
* A file cut off inside a multi-byte character ends with the lost-character
  marker in its place, reported.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError
from ..model import LOST, Origin, Warning_

#: How much of the start of a file decides whether it is binary.
SAMPLE_BYTES = 65536
#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
#: Windows-1252 for 0x80-0x9F; the five bytes it leaves undefined keep their Latin-1 meaning.
_CP1252_HIGH = str.maketrans(
    {chr(byte): bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xA0)}
)


def decode_bytes(data: bytes, path: str) -> tuple[str, list[Warning_]]:
    """Decode input bytes by the rules above; return the text and what was reported."""
    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to build from it")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_marked(data[len(bom):], encoding, path)
    sample = data[:SAMPLE_BYTES]
    unmarked = _unmarked_utf16(sample)
    if unmarked:
        text, warnings = _decode_marked(data, unmarked, path)
        warnings[0] = Warning_(f"decoded as {unmarked.upper()} (zero bytes on every other byte, no byte-order mark); save inputs as UTF-8", Origin(path, 1))
        return text, warnings
    if b"\x00" in sample or sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > len(sample) // 10:
        raise InputError(f"{path}: looks like a binary file (zero or control bytes at its start), not a text dump or HTML page")
    warnings: list[Warning_] = []
    zeros = data.count(0)
    if zeros:
        first = data[: data.index(0)].count(b"\n") + 1
        warnings.append(Warning_(f"removed {zeros} zero bytes (the first on this line)", Origin(path, first)))
        data = data.replace(b"\x00", b"")
    try:
        return _normalise_newlines(data.decode("utf-8")), warnings
    except UnicodeDecodeError:
        pass
    return _decode_mixed(data, path, warnings)


def _decode_marked(data: bytes, encoding: str, path: str) -> tuple[str, list[Warning_]]:
    """Decode a file whose encoding is known; a cut-off last character becomes the lost marker."""
    warnings: list[Warning_] = []
    if encoding != "utf-8":
        warnings.append(Warning_(f"decoded as {encoding.upper()} (byte-order mark found); save inputs as UTF-8", Origin(path, 1)))
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count("\n".encode(encoding)) + 1
        raise InputError(f"{path}:{line}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} ({exc.reason})") from exc
    leftover, _ = decoder.getstate()
    if leftover:
        text += LOST
        warnings.append(Warning_(f"the file ends inside a character ({len(leftover)} bytes); marked it as lost", Origin(path, text.count("\n") + 1)))
    return _normalise_newlines(text), warnings


def _unmarked_utf16(sample: bytes) -> str | None:
    """Name the UTF-16 byte order of a sample without a byte-order mark, if it is one.

    >>> _unmarked_utf16("Afleveringen\\n-\\n".encode("utf-16-le")), _unmarked_utf16(b"plain text")
    ('utf-16-le', None)
    """
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_mixed(data: bytes, path: str, warnings: list[Warning_]) -> tuple[str, list[Warning_]]:
    """Decode line by line: UTF-8 where it is valid, Windows-1252 where it is not."""
    lines = data.split(b"\n")
    bad: list[int] = []
    out: list[str] = []
    for number, raw in enumerate(lines, 1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if number == len(lines) and _cut_character(raw, exc):
                out.append(raw[: exc.start].decode("utf-8") + LOST)
                warnings.append(Warning_(f"the file ends inside a character ({len(raw) - exc.start} bytes); marked it as lost", Origin(path, number)))
                continue
            bad.append(number)
            out.append(raw.decode("latin-1").translate(_CP1252_HIGH))
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        warnings.append(
            Warning_(f"{len(bad)} line(s) not valid UTF-8 ({shown}); decoded them as Windows-1252", Origin(path, bad[0]))
        )
    return _normalise_newlines("\n".join(out)), warnings


def _cut_character(raw: bytes, exc: UnicodeDecodeError) -> bool:
    """Tell whether the only bad bytes are the start of a character the file's end cut off."""
    tail = raw[exc.start:]
    return exc.reason == "unexpected end of data" and len(tail) < 4


def read_input(path: Path) -> tuple[str, list[Warning_]]:
    """Read and decode one input file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return decode_bytes(data, str(path))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

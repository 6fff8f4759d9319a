"""Decode an input file into text, refusing what is not text with a clear message."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError
from ..model import Origin, Warning_


def decode_bytes(data: bytes, path: str) -> tuple[str, list[Warning_]]:
    """Decode input bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252.

    Binary data (NUL bytes outside UTF-16) and empty files are refused.
    """
    warnings: list[Warning_] = []
    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to build from it")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from exc
        warnings.append(Warning_("decoded as UTF-16 (byte-order mark found); save inputs as UTF-8", Origin(path, 1)))
        return _normalise_newlines(text), warnings
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: looks like a binary file (NUL bytes), not a text dump or HTML page")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            text = data.decode("latin-1")
        warnings.append(
            Warning_(f"not valid UTF-8 (first bad byte on this line); decoded as Windows-1252", Origin(path, line))
        )
    return _normalise_newlines(text), warnings


def read_input(path: Path) -> tuple[str, list[Warning_]]:
    """Read and decode one input file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return decode_bytes(data, str(path))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

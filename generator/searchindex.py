"""Make Pagefind's output the same bytes for the same site.

Pagefind 1.5 writes each filter index (speaker, series) from a hash map, so the
order of the values inside a filter file, the files' hashed names, and the
list of filters in the language's meta file change from run to run. The search
works either way; the bytes do not repeat, so two builds of the same input
differ. This rewrites those files in a fixed order (values and filters sorted
by name) under the names Pagefind itself would give them:

* a file is ``pagefind_dcd`` followed by CBOR, gzipped;
* its name is ``<lang>_`` and the first hex digits of the SHA-1 of its CBOR,
  each byte written without a leading zero, as Pagefind writes it (7 digits
  for filters, 8 + len(lang) for the meta file);
* ``pagefind-entry.json`` names each language's meta file.

Only the CBOR that Pagefind writes is handled: unsigned and negative integers,
text, byte strings, arrays and maps of definite length.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def stabilise(bundle: Path) -> None:
    """Rewrite the filter files and meta files of a Pagefind bundle in a fixed order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = bundle / f"pagefind.{facts['hash']}.pf_meta"
        meta = _decode(_read(meta_path))
        renamed: dict[str, str] = {}
        for old in _filter_hashes(meta):
            path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _decode(_read(path))
            cbor = _encode([name, sorted(values, key=lambda value: value[0])])
            renamed[old] = f"{language}_{_hex(cbor)[:7]}"
            path.unlink()
            _write(bundle / "filter" / f"{renamed[old]}.pf_filter", cbor)
        meta = _renamed(meta, renamed)
        cbor = _encode(meta)
        facts["hash"] = f"{language}_{_hex(cbor)[: 8 + len(language)]}"
        meta_path.unlink()
        _write(bundle / f"pagefind.{facts['hash']}.pf_meta", cbor)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _filter_hashes(meta: list) -> list[str]:
    """The filter files a meta file names: its list of ``[filter name, file hash]`` pairs."""
    return [pair[1] for pair in _filter_list(meta)]


def _filter_list(meta: list) -> list:
    for item in meta:
        if isinstance(item, list) and item and all(_is_filter_pair(pair) for pair in item):
            return item
    return []


def _is_filter_pair(pair) -> bool:
    return isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) and "_" in pair[1]


def _renamed(meta: list, renamed: dict[str, str]) -> list:
    """The meta file with its filter list renamed and sorted by filter name."""
    filters = _filter_list(meta)
    fixed = sorted(([name, renamed.get(old, old)] for name, old in filters), key=lambda pair: pair[0])
    return [fixed if item is filters else item for item in meta]


def _hex(data: bytes) -> str:
    """SHA-1 as Pagefind writes it: each byte in hex without a leading zero.

    >>> _hex(b"")[:10]
    'da39a3ee5e'
    """
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind index file")
    return data[len(SIGNATURE):]


def _write(path: Path, cbor: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0))


def _decode(data: bytes):
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after the CBOR item")
    return value


def _item(data: bytes, at: int):
    """Decode one CBOR item at ``at``; return it and where the next begins."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR length code {info}")
    if major == 0:
        return length, at
    if major == 1:
        return -1 - length, at
    if major in (2, 3):
        raw = data[at : at + length]
        return (raw if major == 2 else raw.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            value, at = _item(data, at)
            items.append(value)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(length):
            key, at = _item(data, at)
            pairs[key], at = _item(data, at)
        return pairs, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _encode(value) -> bytes:
    """Encode in the shortest form, as Pagefind's encoder does.

    >>> _encode(["en", [1, 500, -2]]).hex()
    '8262656e83011901f421'
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("Pagefind writes no booleans or nulls")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise ValueError(f"cannot encode {type(value).__name__}")


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, form in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if length < 1 << (8 * struct.calcsize(form)):
            return bytes([major << 5 | info]) + struct.pack(form, length)
    raise ValueError("length too large for CBOR")

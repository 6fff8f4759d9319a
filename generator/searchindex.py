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

The CBOR is read and written with ``cbor2``, whose shortest-form, definite-length
encoding gives back Pagefind's own bytes for the same values.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

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
    return cbor2.loads(data)


def _encode(value) -> bytes:
    """Encode in the shortest form, as Pagefind's encoder does.

    >>> _encode(["en", [1, 500, -2]]).hex()
    '8262656e83011901f421'
    """
    return cbor2.dumps(value)

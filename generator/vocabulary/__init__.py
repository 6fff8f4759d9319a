"""Vocabularies the rules need, as data files in this folder, each saying where its words came from.

``load_vocabulary("reading")`` reads ``reading.yml``. A rule names a pattern;
the words it needs to apply it (model families, given names, announcement
phrases) live here, so that they can be read, checked and extended without
touching the rule.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_vocabulary(name: str) -> dict[str, list[str] | dict[str, float]]:
    """Read the vocabulary file ``name``.yml: a mapping of names to lists of words (or of words to weights)."""
    path = HERE / f"{name}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(_words(v) or _weights(v) for v in data.values()):
        raise ConfigError([f"{path}: expected a mapping of lists of words, or of words to weights"])
    return data


def _words(value) -> bool:
    return isinstance(value, list) and all(isinstance(w, str) for w in value)


def _weights(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(w, str) and isinstance(n, (int, float)) and not isinstance(n, bool) for w, n in value.items()
    )

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
def load_vocabulary(name: str) -> dict[str, list[str]]:
    """Read the vocabulary file ``name``.yml: a mapping of list names to lists of words."""
    path = HERE / f"{name}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in data.values()):
        raise ConfigError([f"{path}: expected a mapping of lists of words"])
    return data

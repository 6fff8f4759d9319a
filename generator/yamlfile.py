"""The YAML files maintainers write (metadata, spoken names, feed sources): read once, errors named.

libyaml's parser is used where PyYAML has it (its wheels do): a metadata file of a
thousand talks reads in a twentieth of the time of the pure-Python parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import ConfigError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ENTRY = re.compile(r"^\s*-\s")


def read_yaml(path: Path) -> tuple[str, object]:
    """The file's text and its data; a file that is no YAML is a :class:`ConfigError` naming it."""
    text = path.read_text(encoding="utf-8")
    try:
        return text, yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc


def entry_lines(text: str) -> list[int]:
    """Line numbers where list entries start, for messages that point into the file.

    >>> entry_lines("episodes:\\n  - match: a\\n    slug: a\\n  - match: b\\n")
    [2, 4]
    """
    return [number for number, line in enumerate(text.splitlines(), 1) if _ENTRY.match(line)]

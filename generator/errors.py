"""The small exception hierarchy of the generator."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base of every error the generator reports to a person instead of a traceback."""


class InputError(GeneratorError):
    """An input file cannot be used; the message names the file (and line)."""


class ConfigError(GeneratorError):
    """The configuration or metadata file is invalid; every problem is listed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class BuildError(GeneratorError):
    """Rendering or the MkDocs build failed."""

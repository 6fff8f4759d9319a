"""Shared fixtures: the bundled site built once per session, and its origin on disk."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import ROOT, Config

BUNDLED_DUMP = ROOT / "input" / "000_66bcd3adb724be89.txt"


def build_into(tmp: Path, inputs: tuple[Path, ...] | None = None, search: bool = True, metadata: Path | None = None) -> tuple[Config, object]:
    """Build a site from ``inputs`` (default: the bundled input folder) under ``tmp``; return (config, site)."""
    from generator.build import build_site
    from generator.pipeline import load_site

    config = replace(
        Config(),
        site_dir=tmp / "site",
        generated_dir=tmp / "build" / "generated",
        search_index=search,
        **({"inputs": inputs} if inputs else {}),
        **({"metadata": metadata} if metadata else {}),
    )
    site = load_site(config)
    build_site(site, config, {})
    return config, site


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> tuple[Config, object]:
    """The bundled input, built once per test session (with the search index)."""
    return build_into(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="session")
def site_dir(bundled) -> Path:
    return bundled[0].site_dir


@pytest.fixture(scope="session")
def bundled_site(bundled):
    """The loaded Site object (episodes, warnings, inputs) of the bundled build."""
    return bundled[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests save screenshots of failures (uploaded by CI)."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

"""Builds write only what changed and repeat byte for byte."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.build import write_tree
from generator.config import ROOT
from tests.conftest import build_into

RESCRAPE = Path(__file__).parent / "fixtures" / "scrape-2025-01-06.txt"


def tree(root: Path) -> dict[str, str]:
    """Every file under root by relative path, with a digest of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_write_tree_writes_only_what_differs(tmp_path):
    root = tmp_path / "out"
    stats = write_tree(root, {"a.md": "one", "b/c.md": "two", "gone.md": "x"})
    assert sorted(stats.written) == ["a.md", "b/c.md", "gone.md"]
    past = 1_000_000_000_000_000_000
    for path in root.rglob("*.md"):
        os.utime(path, ns=(past, past))
    stats = write_tree(root, {"a.md": "one", "b/c.md": "changed"})
    assert stats.written == ["b/c.md"] and stats.removed == ["gone.md"] and stats.unchanged == 1
    assert (root / "a.md").stat().st_mtime_ns == past
    assert (root / "b/c.md").read_text() == "changed"
    assert not (root / "gone.md").exists()


@pytest.mark.slow
def test_a_rebuild_touches_only_changed_pages(tmp_path):
    config, _ = build_into(tmp_path, search=False)
    generated = config.generated_dir
    past = 1_000_000_000_000_000_000
    for path in generated.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))
    before = tree(generated)

    build_into(tmp_path, search=False)
    assert set(mtimes(generated).values()) == {past}, "the same input rewrote nothing"

    build_into(tmp_path, inputs=(ROOT / "input", RESCRAPE), search=False)
    after, times = tree(generated), mtimes(generated)
    for rel, digest in after.items():
        assert (times[rel] == past) == (before.get(rel) == digest), rel
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert "docs/episodes/building-the-ai-engineer-nation-with-josephine-teo/index.md" in changed
    assert "docs/episodes/our-first-episode-of-2025-goes-deep-on-evaluating-coding/index.md" in changed
    assert "docs/episodes/generative-video-worldsim-icml-2024-part-1/index.md" not in changed
    assert "docs/episodes/2024-in-agents-ls-live-neurips-2024/index.md" not in changed


@pytest.mark.slow
def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    first, _ = build_into(tmp_path / "one")
    second, _ = build_into(tmp_path / "two")
    assert tree(first.generated_dir) == tree(second.generated_dir)
    one, two = tree(first.site_dir), tree(second.site_dir)
    assert "sitemap.xml.gz" in one and any(rel.startswith("pagefind/filter/") for rel in one)
    differ = sorted(rel for rel in set(one) | set(two) if one.get(rel) != two.get(rel))
    assert not differ, differ


@pytest.mark.slow
def test_an_incremental_build_equals_a_clean_one(tmp_path):
    """Adding an input to a built site gives the site a build from scratch gives (and rebuilding changes nothing)."""
    inputs = (ROOT / "input", RESCRAPE)
    build_into(tmp_path / "grown")
    build_into(tmp_path / "grown", inputs=inputs)
    grown, _ = build_into(tmp_path / "grown", inputs=inputs)
    clean, _ = build_into(tmp_path / "clean", inputs=inputs)
    assert tree(grown.generated_dir) == tree(clean.generated_dir)
    one, two = tree(grown.site_dir), tree(clean.site_dir)
    differ = sorted(rel for rel in set(one) | set(two) if one.get(rel) != two.get(rel))
    assert not differ, differ

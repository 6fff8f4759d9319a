"""The search index's child process: its pages, and the core it is held to while the build works."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from generator.build import FINGERPRINT, EarlySearch, fingerprint
from generator.config import Config
from generator.pipeline import load_site
from generator.search import _one_core, _set_cores, release, search_page, search_pages


def test_search_page_has_a_sub_result_at_every_chapter_and_a_filter_per_speaker(bundled):
    _, site = bundled
    talk = next(e for e in site.episodes if len(e.chapters) > 3 and e.segments and any(not s.generic for s in e.speakers))
    page = search_page(talk)
    assert "data-pagefind-body" in page
    last = talk.segments[-1].start
    for chapter in talk.chapters:
        if chapter.start <= last:
            assert f'<h2 id="{chapter.link_id()}">' in page, chapter.title
    for speaker in talk.speakers:
        if not speaker.generic:
            assert f'data-pagefind-filter="speaker">{html.escape(speaker.name)}</span>' in page


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2, reason="needs two cores and Linux affinity")
def test_the_indexer_is_held_to_one_core_then_freed():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        everything = os.sched_getaffinity(0)
        _one_core(child.pid)
        assert os.sched_getaffinity(child.pid) == {max(everything)}
        release(child)
        assert os.sched_getaffinity(child.pid) == everything
    finally:
        child.kill()
        child.wait()
    release(child)  # a process that is gone is left alone, without an error
    _set_cores(child.pid, everything)


def test_the_search_pages_begun_early_are_those_of_the_finished_talks(tmp_path):
    """The index starts before reading lists and cues are worked out: its pages must not need them."""
    config = replace(Config(), generated_dir=tmp_path / "generated", site_dir=tmp_path / "site", search_index=False)
    heard: list = []
    site = load_site(config, identified=heard.append)
    assert len(heard) == 1 and [e.slug for e in heard[0]] == [e.slug for e in site.episodes]
    assert any(e.reading for e in site.episodes) and not any(e.reading for e in heard[0])
    assert search_pages(heard[0]) == search_pages(site.episodes)


def test_the_index_begins_early_only_in_a_rebuild_and_stops_when_the_build_stops(tmp_path, bundled_site):
    config = replace(Config(), generated_dir=tmp_path / "generated", site_dir=tmp_path / "site")
    early = EarlySearch(config)
    early(bundled_site.episodes)
    assert early.search is None  # a clean build: build_site begins it beside the render
    # A site built before by this same generator and frame: the next build is a rebuild.
    config.site_dir.mkdir()
    (config.site_dir / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (tmp_path / FINGERPRINT).write_text(fingerprint(config), encoding="utf-8")
    assert early.rebuild()
    early(bundled_site.episodes)
    process = early.search.process
    assert process is not None and (tmp_path / "search" / "episodes").is_dir()
    early.cancel()
    assert process.returncode is not None and early.search is None

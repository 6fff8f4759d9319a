"""The search index's child process: its pages, and the core it is held to while the build works."""

from __future__ import annotations

import html
import os
import subprocess
import sys

import pytest

from generator.search import _one_core, _set_cores, search_page
from generator.timecode import chapter_id


def test_search_page_has_a_sub_result_at_every_chapter_and_a_filter_per_speaker(bundled):
    _, site = bundled
    talk = next(e for e in site.episodes if len(e.chapters) > 3 and e.segments and any(not s.generic for s in e.speakers))
    page = search_page(talk)
    assert "data-pagefind-body" in page
    last = talk.segments[-1].start
    for chapter in talk.chapters:
        if chapter.start <= last:
            assert f'<h2 id="{chapter_id(chapter.start)}">' in page, chapter.title
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
        _set_cores(child.pid, everything)
        assert os.sched_getaffinity(child.pid) == everything
    finally:
        child.kill()
        child.wait()
    _set_cores(child.pid, everything)  # a process that is gone is left alone, without an error

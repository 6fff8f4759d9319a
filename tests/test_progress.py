"""Progress: a bar of written pages on a terminal, nothing per page in logs; stage lines either way."""

from __future__ import annotations

import io

from generator.cli import Progress


def test_the_page_bar_draws_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=True)
    progress.pages(10, 20)
    assert "10/20 pages" in stream.getvalue() and "[###############" in stream.getvalue()
    progress.pages(20, 20)
    assert stream.getvalue().endswith("\r\033[K"), "a finished bar clears its line"


def test_the_page_bar_is_silent_in_logs_and_when_quiet():
    for progress in (Progress(stream=io.StringIO(), tty=False), Progress(stream=io.StringIO(), tty=True, quiet=True)):
        for done in range(21):
            progress.pages(done, 20)
        assert progress.stream.getvalue() == ""


def test_stage_lines_are_plain_in_logs():
    stream = io.StringIO()
    Progress(stream=stream).stage("parse", 1.234)
    assert stream.getvalue() == "  parse             1.23 s\n"

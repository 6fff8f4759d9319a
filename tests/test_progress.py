"""Progress: a bar of rendered pages on a terminal, nothing per page in logs; stage lines either way."""

from __future__ import annotations

import io

from generator import mkdocs_hooks
from generator.cli import Progress


def test_the_page_bar_draws_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setenv(mkdocs_hooks.PROGRESS_ENV, "1")
    bar = mkdocs_hooks._PageBar()
    bar.start(20)
    for _ in range(10):
        bar.step()
    err = capsys.readouterr().err
    assert "10/20 pages" in err and "[###############" in err


def test_the_page_bar_is_silent_in_logs(monkeypatch, capsys):
    monkeypatch.setenv(mkdocs_hooks.PROGRESS_ENV, "0")
    bar = mkdocs_hooks._PageBar()
    bar.start(20)
    for _ in range(20):
        bar.step()
    assert capsys.readouterr().err == ""


def test_stage_lines_are_plain_in_logs():
    stream = io.StringIO()
    Progress(stream=stream).stage("parse", 1.234)
    assert stream.getvalue() == "  parse             1.23 s\n"

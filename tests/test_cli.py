"""The command line, run as a person runs it: exit codes by the rule in ``generator/cli.py``, never a traceback.

0: done (warnings printed); 1: nothing built (an input that is no text, no
episode, an invalid metadata file); 2: the command line itself is wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import ROOT

from .test_bad_input import DROPBOX, STARTUPS, listing, text_file


def run(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good": text_file(listing(STARTUPS, DROPBOX)),
        "cut": text_file(listing(STARTUPS, DROPBOX))[:-2000],
        "empty": b"",
        "binary": bytes(range(256)) * 8,
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(data)
    paths["nothing-here"] = tmp_path / "no-inputs"
    paths["nothing-here"].mkdir()
    paths["bad-metadata"] = tmp_path / "episodes.yml"
    paths["bad-metadata"].write_text("episodes:\n  - match: [unclosed\n", encoding="utf-8")
    return paths


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--help"], 0, "Exit codes"),
        ([], 2, "required"),
        (["check", "--no-such-option"], 2, "unrecognized arguments"),
        (["check", "--input", "{good}"], 0, "check passed with"),
        (["check", "--input", "{cut}"], 0, "the file ends inside an episode"),
        (["check", "--input", "{empty}"], 1, "the file is empty"),
        (["check", "--input", "{binary}"], 1, "looks like a binary file"),
        (["check", "--input", "{good}", "--input", "{binary}"], 1, "1 input file(s) cannot be used"),
        (["check", "--input", "{nothing-here}"], 1, "no input files found"),
        (["check", "--input", "{nothing-here}/missing.txt"], 1, "cannot read"),
        (["check", "--input", "{good}", "--metadata", "{bad-metadata}"], 1, "error:"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_exit_codes_follow_the_rule(inputs, args, code, says):
    done = run(*(arg.format(**{k: str(v) for k, v in inputs.items()}) for arg in args))
    assert done.returncode == code, done.stdout[-2000:] + done.stderr[-2000:]
    assert says in done.stdout + done.stderr


def test_build_of_an_unusable_input_writes_nothing(inputs, tmp_path):
    site, generated = tmp_path / "site", tmp_path / "generated"
    done = run("build", "--input", str(inputs["binary"]), "--out", str(site), "--generated", str(generated), "--no-search")
    assert done.returncode == 1
    assert "build failed, nothing written" in done.stderr
    assert not site.exists() and not generated.exists()


def test_build_of_a_cut_off_input_builds_with_warnings(inputs, tmp_path):
    site, generated = tmp_path / "site", tmp_path / "generated"
    done = run("build", "--input", str(inputs["cut"]), "--out", str(site), "--generated", str(generated), "--no-search")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "warning:" in done.stderr and "the file ends inside an episode" in done.stderr
    assert len(list(site.glob("episodes/*/index.html"))) == 2

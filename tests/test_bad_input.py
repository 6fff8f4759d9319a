"""Bad input never crashes the build, never loses text silently, and is always explained.

Each case is a file built in the test from real lines of the bundled dump (or
from bytes that are no text at all), run through ``python -m generator check``
in-process. For each case: the exit code follows the rule in
``generator/cli.py`` (0: built, with warnings; 1: nothing can be built), no
traceback, messages that name the file and, where there is one, the episode and
the line; and, when something is built, every word of the file is accounted for
(``tests/test_nothing_lost.py``).
"""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import ROOT, Config
from generator.pipeline import load_site
from generator.sources.read import read_input

from .test_nothing_lost import account

DUMP = ROOT / "input" / "000_66bcd3adb724be89.txt"
SEPARATOR = "Get full access to Latent Space at www.latent.space/subscribe -"


def dump_lines(first: int, last: int) -> list[str]:
    """Lines ``first`` to ``last`` (1-based, inclusive) of the bundled dump, raw."""
    return DUMP.read_text(encoding="utf-8").split("\n")[first - 1 : last]


#: A whole episode with notes, a bare chapter list (one line with two glued
#: chapters) and a transcript: Drew Houston of Dropbox.
DROPBOX = dump_lines(3033, 3121)
#: An episode with notes only.
STARTUPS = dump_lines(897, 906)
#: Clean text in many scripts, with a transcript: nothing in it needs repair.
CLEAN = [
    "Café au lait — “quoted” ‘text’ … naïve résumé, 日本語, Ελληνικά, русский, emoji 🎙️.",
    "Transcript",
    "Swyx [00:00:01]: Straße, Ångström, ½ and ⅓, São Paulo, Kraków, Zürich — all fine.",
    "Alessio [00:00:05]: «Guillemets» and „Anführungszeichen“ stay as typed.",
]


def text_file(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def listing(*episodes: list[str], chrome: tuple[str, str] = ("Afleveringen", "Zijn er afleveringen die ontbreken?")) -> list[str]:
    """Lay episodes out the way the listing page does: chrome, '-', episodes closed by the blurb."""
    lines = [chrome[0], "-"]
    for number, episode in enumerate(episodes):
        if number == 1:
            lines += [chrome[1], "-"]
        lines += episode + [SEPARATOR]
    lines[-1] += " Laat meer zien" if chrome[0] == "Afleveringen" else " Mostra altro" if chrome[0] == "Episodi" else " Mehr anzeigen"
    return lines


def swapped(lines: list[str], first: str, second: str) -> list[str]:
    """Swap the two lines that start with ``first`` and ``second``."""
    i = next(n for n, text in enumerate(lines) if text.startswith(first))
    j = next(n for n, text in enumerate(lines) if text.startswith(second))
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


def cut(data: bytes, at: bytes, offset: int) -> bytes:
    """The file cut off ``offset`` bytes after the start of ``at``."""
    return data[: data.index(at) + offset]


@dataclass(frozen=True)
class Case:
    """One bad input: its bytes, the exit code, and what the output must say."""

    name: str
    content: Callable[[], bytes]
    code: int
    says: tuple[str, ...]
    episodes: int | None = None
    suffix: str = ".txt"


LONG_LABEL = "A" * 500
CASES = [
    Case("empty", lambda: b"", 1, ("{file}: the file is empty",)),
    Case("whitespace-only", lambda: b"\n  \n\t\n", 1, ("{file}: the file is empty",)),
    Case("binary", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64, 1, ("{file}: looks like a binary file",)),
    Case("only-chrome", lambda: text_file(["Afleveringen", "-", "Zijn er afleveringen die ontbreken?"]), 1, ("no episode found in {file}",)),
    Case("utf16-bom", lambda: codecs.BOM_UTF16_LE + "\n".join(listing(DROPBOX)).encode("utf-16-le"), 0,
         (r"{file}:1: decoded as UTF-16-LE \(byte-order mark found\)",), 1),
    Case("utf16-no-bom", lambda: "\n".join(listing(DROPBOX)).encode("utf-16-be"), 0,
         (r"{file}:1: decoded as UTF-16-BE \(zero bytes on every other byte",), 1),
    Case("cp1252", lambda: "\n".join(listing(STARTUPS, DROPBOX)).encode("cp1252"), 0,
         (r"{file}:\d+: \d+ line\(s\) not valid UTF-8 \(\d+",), 2),
    Case("clean-utf8", lambda: text_file(listing(CLEAN)), 0, ("{file}: 8 lines, 1 episodes, 3 chrome lines",), 1),
    Case("crlf-and-utf8-bom", lambda: codecs.BOM_UTF8 + "\r\n".join(listing(CLEAN)).encode(), 0, ("{file}: 7 lines, 1 episodes",), 1),
    Case("cut-mid-episode-mid-line", lambda: cut(text_file(listing(STARTUPS, DROPBOX)), b"Alessio [00:30:48]", 40), 0,
         (r"{file}:\d+: \[episode 2 of {file}\] the file ends inside an episode",), 2),
    Case("cut-mid-character", lambda: cut(text_file(listing(DROPBOX[:-1] + ["Drew [01:20:00]: Café — the end."])), "\u2014".encode(), 2), 0,
         (r"{file}:91: the file ends inside a character \(2 bytes\)", r"{file}:91: \[episode 1 of {file}\] the file ends inside an episode"), 1),
    Case("no-separators", lambda: text_file(DROPBOX), 0, ("{file}:1: no episode separators found",), 1),
    Case("same-episode-twice", lambda: text_file(listing(DROPBOX, STARTUPS, DROPBOX)), 0,
         (r"{file}:\d+: \[[\w:-]+\] the same episode appears twice in one input; merged",), 2),
    Case("no-transcript", lambda: text_file(listing(STARTUPS)), 0, (r"{file}:3: \[[\w-]+\] no transcript in this episode",), 1),
    Case("timestamps-out-of-order", lambda: text_file(listing(swapped(DROPBOX, "Drew [00:04:17]", "Alessio [00:04:47]")), ), 0,
         (r"{file}:30: \[[\w-]+\] timestamp 'Drew \[00:04:17\]: .*' goes back in time",), 1),
    Case("timestamp-over-24-hours", lambda: text_file(listing(DROPBOX[:-1] + ["[25:00:01] Drew: A day and an hour in.", DROPBOX[-1]])), 0,
         (r"{file}:\d+: \[[\w-]+\] timestamp at 25 hours is past 24 hours",), 1),
    Case("timestamps-malformed", lambda: text_file(listing(DROPBOX + ["[1:2:3] Drew: one", "[00:61:00] Drew: two", "Drew [99:99]: three"])), 0,
         tuple(rf"{{file}}:{n}: \[[\w-]+\] malformed timestamp \[{re.escape(s)}\]" for n, s in ((92, "1:2:3"), (93, "00:61:00"), (94, "99:99"))), 1),
    Case("speaker-label-500-characters", lambda: text_file(listing(DROPBOX + [f"[01:10:00] {LONG_LABEL}: who is this?"])), 0,
         (r"{file}:92: \[[\w-]+\] a speaker label of 500 characters is too long",), 1),
    Case("zero-bytes-past-the-start", lambda: text_file(listing(["words " * 14000] + DROPBOX)).replace(b"Alessio [00:00:00]", b"Alessio\x00 [00:00:00]"), 0,
         (r"{file}:25: removed 1 zero bytes \(the first on this line\)",), 1),
    Case("separator-glued-to-the-next-episode", lambda: text_file(listing(STARTUPS + [SEPARATOR + " " + DROPBOX[0]] + DROPBOX[1:])), 0,
         (r"{file}:13: text follows the separator on its line; read it as the next episode's first line",), 2),
    Case("interface-in-german", lambda: text_file(listing(STARTUPS, DROPBOX, chrome=("Folgen", "Fehlen Folgen?"))), 0, ("{file}: 106 lines, 2 episodes, 6 chrome lines",), 2),
    Case("interface-in-italian", lambda: text_file(listing(STARTUPS, DROPBOX, chrome=("Episodi", "Mancano degli episodi?"))), 0,
         (r"{file}:1: read 'Episodi' as page chrome in an interface language", r"{file}:14: read 'Mancano degli episodi\?' as page chrome",
          r"{file}:105: read 'Mostra altro' after the separator as page chrome"), 2),
]


def shown(path: Path) -> str:
    """How messages name a file: relative to the working directory when inside it (as the pipeline does)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_check(path: Path, capsys) -> tuple[int, str]:
    code = main(["check", "--input", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_is_explained_and_never_crashes(case, tmp_path, capsys):
    path = tmp_path / f"{case.name}{case.suffix}"
    path.write_bytes(case.content())
    code, output = run_check(path, capsys)
    assert "Traceback" not in output
    assert code == case.code, output
    for pattern in case.says:
        assert re.search(pattern.format(file=re.escape(shown(path))), output), (pattern, output)
    if code == 1:
        assert "check failed" in output
        return
    site = load_site(replace(Config(), inputs=(path,)))
    assert len(site.episodes) == case.episodes
    text, _ = read_input(path)
    result = account(site, {shown(path): text.split("\n")})
    assert result.problems == []
    assert result.words > 0
    assert (result.merged > 0) == (case.name == "same-episode-twice")


def test_a_clean_utf8_file_comes_out_unchanged(tmp_path):
    """Clean text in many scripts: decoding and repair change nothing, every line keeps its words."""
    lines = listing(CLEAN)
    path = tmp_path / "clean.txt"
    path.write_bytes(text_file(lines))
    text, warnings = read_input(path)
    assert warnings == [] and text == "\n".join(lines) + "\n"
    site = load_site(replace(Config(), inputs=(path,)))
    assert site.episodes[0].fixes == ()
    assert [f"{s.speaker} [{s.start}]: {s.text}" for s in site.episodes[0].segments] == [
        "Swyx [1]: Straße, Ångström, ½ and ⅓, São Paulo, Kraków, Zürich — all fine.",
        "Alessio [5]: «Guillemets» and „Anführungszeichen“ stay as typed.",
    ]


def test_the_cp1252_file_decodes_to_the_same_text(tmp_path):
    lines = listing(STARTUPS, DROPBOX)
    path = tmp_path / "cp1252.txt"
    path.write_bytes("\n".join(lines).encode("cp1252"))
    text, _ = read_input(path)
    assert text == "\n".join(lines)


def test_unknown_interface_language_stays_out_of_the_notes(tmp_path):
    path = tmp_path / "italian.txt"
    path.write_bytes(text_file(listing(STARTUPS, DROPBOX, chrome=("Episodi", "Mancano degli episodi?"))))
    site = load_site(replace(Config(), inputs=(path,)))
    notes = " ".join(block.text for episode in site.episodes for block in episode.notes)
    assert "Episodi" not in notes and "Mancano" not in notes
    assert all(not episode.truncated for episode in site.episodes)


def synthetic_dump(path: Path, megabytes: int) -> int:
    """Write a listing of distinct talks, each a bundled episode under a unique first line; return the talk count."""
    episodes: list[list[str]] = [[]]
    for line in DUMP.read_text(encoding="utf-8").split("\n"):
        if line.startswith(SEPARATOR) or line == "-":
            episodes.append([])
        elif line not in ("Afleveringen", "Zijn er afleveringen die ontbreken?"):
            episodes[-1].append(line)
    episodes = [e for e in episodes if e]
    size, talk = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Afleveringen\n-\n")
        while size < megabytes * 2**20:
            block = "\n".join([f"Synthetic talk {talk}, a copy of bundled episode {talk % len(episodes)}."] + episodes[talk % len(episodes)] + [SEPARATOR]) + "\n"
            out.write(block)
            size += len(block.encode("utf-8"))
            talk += 1
    return talk


@pytest.mark.slow
def test_check_handles_a_50_megabyte_dump(tmp_path):
    path = tmp_path / "big.txt"
    talks = synthetic_dump(path, 50)
    metadata = tmp_path / "episodes.yml"
    metadata.write_text("episodes: []\n", encoding="utf-8")
    started = time.perf_counter()
    # A child process, so that its peak memory is its own.
    script = (
        "import resource, sys; from generator.cli import main; code = main(sys.argv[1:]); "
        "print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "check", "--input", str(path), "--metadata", str(metadata)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert f"{talks} episodes" in done.stdout
    peak_mb = int(re.search(r"peak-kb (\d+)", done.stdout).group(1)) / 1024
    print(f"check of {path.stat().st_size / 2**20:.0f} MB, {talks} talks: {seconds:.0f} s, peak {peak_mb:.0f} MB")
    assert seconds < 300 and peak_mb < 1500

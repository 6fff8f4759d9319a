"""Properties over arbitrary text (hypothesis): read, repair, split and parse never raise and never lose a word.

Lines are drawn from the shapes the dump uses (timestamps well formed or not,
speaker labels, chapter lines, section headings, separators, page chrome,
bullets) mixed with arbitrary Unicode, so that the parser meets both near-misses
of its rules and plain noise. Each run is accounted for line by line with the
same check as the whole dump (``tests/test_nothing_lost.py``).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.profiles import load_profile
from generator.errors import InputError
from generator.model import Line, Origin
from generator.parse import parse_episode
from generator.repair import repair_line
from generator.sources.dump import split_dump
from generator.sources.read import decode_bytes

from .test_nothing_lost import account_parts

PROFILE = load_profile("latent-space-app")
SEPARATOR = "Get full access to Latent Space at www.latent.space/subscribe -"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_no_newline = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")
words = st.text(_no_newline, min_size=0, max_size=30)
plain_words = st.from_regex(r"[A-Za-z][a-z]{0,8}( [A-Za-z0-9][a-z0-9,.?']{0,8}){0,6}", fullmatch=True)
stamps = st.one_of(
    st.builds(lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 30), st.integers(0, 70), st.integers(0, 70)),
    st.builds(lambda m, s: f"{m:02d}:{s:02d}", st.integers(0, 120), st.integers(0, 70)),
    st.sampled_from(["1:2:3", "99:99", "00:61:00", "123:00:00", "0:00"]),
)
names = st.one_of(st.sampled_from(["Swyx", "swyx", "Speaker 9", "AI Charlie", "Q&A", "Eric", "Speaker"]), plain_words, words)
line = st.one_of(
    words,
    plain_words,
    st.builds(lambda t, n, w: f"[{t}] {n}: {w}", stamps, names, words),
    st.builds(lambda n, t, w: f"{n} [{t}]: {w}", names, stamps, words),
    st.builds(lambda t, w: f"[{t}] {w}", stamps, plain_words),
    st.builds(lambda n, w: f"{n}: {w}", names, words),
    st.builds(lambda b, t, w: f"{b}{t} {w}", st.sampled_from(["* ", "* [", "", "- "]), stamps, plain_words),
    st.builds(lambda a, t, b: f"{a}{t} {b}", plain_words, stamps, plain_words),
    st.builds(lambda w, t: f"{w} [{t}] {w}", plain_words, stamps),
    st.builds(lambda w: f"{SEPARATOR} {w}", st.one_of(words, plain_words)),
    st.sampled_from(["Transcript", "Timestamps", "Chapters", "Transcript/Timestamps", "Show Notes", "*", "-", "",
                     "Afleveringen", "Zijn er afleveringen die ontbreken?", SEPARATOR, SEPARATOR + " Laat meer zien"]),
)
dumps = st.lists(line, min_size=0, max_size=40)


def _lines(texts: list[str]) -> list[Line]:
    return [Line(text, Origin("prop.txt", n)) for n, text in enumerate(texts, 1)]


def _ascii_alnum(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text)


@SETTINGS
@given(dumps)
def test_split_and_parse_never_raise_and_lose_nothing(texts):
    lines = _lines(texts)
    split = split_dump(lines, PROFILE, "prop.txt")
    parsed = [parse_episode(raw, PROFILE, f"episode {raw.index + 1}") for raw in split.episodes]
    result = account_parts(parsed, parsed, split.chrome, {"prop.txt": texts})
    assert result.problems == []
    for episode in parsed:
        for seg, following in zip(episode.segments, episode.segments[1:]):
            assert seg.start <= seg.end == max(seg.start, following.start)


@SETTINGS
@given(st.lists(st.text(_no_newline, max_size=60), max_size=20))
def test_split_and_parse_take_any_text(texts):
    """Noise with no shape at all: still one place per line, every word kept."""
    lines = _lines(texts)
    split = split_dump(lines, PROFILE, "prop.txt")
    parsed = [parse_episode(raw, PROFILE) for raw in split.episodes]
    assert account_parts(parsed, parsed, split.chrome, {"prop.txt": texts}).problems == []


@SETTINGS
@given(st.text(_no_newline, max_size=80) | line)
def test_repair_never_raises_nor_loses_an_ascii_letter_or_digit(text):
    """Repair may change other characters (that is its job), never the ASCII letters and digits or their order."""
    repaired, fixes = repair_line(text)
    assert isinstance(repaired, str) and "\n" not in repaired
    assert _ascii_alnum(repaired) == _ascii_alnum(text)
    assert all(fix.status in ("fixed", "ambiguous", "unrecoverable") for fix in fixes)


@SETTINGS
@given(dumps)
def test_repaired_dumps_still_lose_nothing(texts):
    lines = [Line(repair_line(text)[0], Origin("prop.txt", n), raw=text) for n, text in enumerate(texts, 1)]
    split = split_dump(lines, PROFILE, "prop.txt")
    parsed = [parse_episode(raw, PROFILE) for raw in split.episodes]
    assert account_parts(parsed, parsed, split.chrome, {"prop.txt": [line.text for line in lines]}).problems == []


@SETTINGS
@given(st.binary(max_size=300))
def test_reading_any_bytes_gives_text_or_a_clear_refusal(data):
    try:
        text, warnings = decode_bytes(data, "prop.bin")
    except InputError as refusal:
        assert str(refusal).startswith("prop.bin")
        return
    assert isinstance(text, str) and "\r" not in text
    assert all(str(w).startswith("prop.bin:") for w in warnings)


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=200).filter(str.strip))
def test_clean_utf8_reads_back_unchanged(text):
    decoded, warnings = decode_bytes(text.encode("utf-8"), "prop.txt")
    assert decoded == text.lstrip("\ufeff") and warnings == []

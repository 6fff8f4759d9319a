"""Splitting the bundled dump: 20 episodes, the two truncated ones, and no page chrome in any episode."""

from __future__ import annotations

import pytest

from generator.profiles import load_profile
from generator.model import Line, Origin
from generator.sources.dump import split_dump
from tests.conftest import BUNDLED_DUMP

PROFILE = load_profile("latent-space-app")
#: Read off the dump: the lines that start each episode (after a separator, chrome or a lone '-').
FIRST_LINES = [3, 234, 369, 582, 709, 897, 908, 923, 985, 1208, 1524, 1661, 2007, 2254, 2455, 3016, 3033, 3123, 3144, 3971]
#: The two descriptions the page cut short, each followed by a line holding only '-'.
TRUNCATED_LAST_LINES = {3031: 3032, 3142: 3143}
CHROME = {1: "Afleveringen", 2: "-", 367: "Zijn er afleveringen die ontbreken?", 368: "-"}


def _lines(texts: list[str], path: str = "dump.txt") -> list[Line]:
    return [Line(text=t, origin=Origin(path, n)) for n, t in enumerate(texts, 1)]


@pytest.fixture(scope="module")
def split():
    raw = BUNDLED_DUMP.read_text(encoding="utf-8").split("\n")
    return split_dump(_lines(raw, "dump"), PROFILE, "dump"), raw


def test_the_dump_holds_twenty_episodes(split):
    result, _ = split
    assert len(result.episodes) == 20
    assert [e.lines[0].origin.line for e in result.episodes] == FIRST_LINES


def test_a_lone_dash_ends_a_truncated_description(split):
    result, raw = split
    truncated = {e.lines[-1].origin.line: e for e in result.episodes if e.truncated}
    assert set(truncated) == set(TRUNCATED_LAST_LINES)
    for last, dash in TRUNCATED_LAST_LINES.items():
        assert raw[dash - 1] == "-"
        following = next(e for e in result.episodes if e.lines[0].origin.line == dash + 1)
        assert not following.truncated


def test_page_chrome_is_in_no_episode(split):
    result, raw = split
    in_episodes = {line.origin.line for e in result.episodes for line in e.lines}
    chrome = {origin.line for origin in result.chrome}
    for number, text in CHROME.items():
        assert raw[number - 1] == text
        assert number in chrome and number not in in_episodes
    separators = {n for n, t in enumerate(raw, 1) if t.startswith("Get full access to Latent Space")}
    assert len(separators) == 18
    assert separators <= chrome and not separators & in_episodes


def test_every_line_is_in_one_episode_or_chrome(split):
    result, raw = split
    in_episodes = [line.origin.line for e in result.episodes for line in e.lines]
    assert len(in_episodes) == len(set(in_episodes))
    blank = {n for n, t in enumerate(raw, 1) if not t.strip()}
    assert set(in_episodes) | {o.line for o in result.chrome} | blank == set(range(1, len(raw) + 1))


def test_chrome_words_inside_text_are_content():
    lines = _lines(["Afleveringen", "-", "We discuss Afleveringen as a word.", "Laat meer zien is Dutch.",
                    "Get full access to Latent Space at www.latent.space/subscribe -"])
    result = split_dump(lines, PROFILE, "x")
    assert [line.text for line in result.episodes[0].lines] == ["We discuss Afleveringen as a word.", "Laat meer zien is Dutch."]

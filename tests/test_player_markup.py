"""The player's markup: only for talks with audio, working without JavaScript, keys that leave Material's alone."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup

from generator.model import Audio
from generator.render.markdown import header
from generator.render.player import player

#: Material's own keyboard shortcuts (search: / s f; pages: n . p ,), which the player must not take.
MATERIAL_KEYS = {"/", "s", "f", "n", ".", "p", ","}


@pytest.fixture(scope="module")
def talk(bundled_site):
    return next(e for e in bundled_site.episodes if e.segments and e.chapters)


def test_a_talk_without_audio_has_no_player_and_the_same_header(talk):
    assert talk.audio is None
    assert player(talk) == ""
    assert "player" not in header(talk)


def test_the_player_works_without_javascript_and_waits_for_it(talk):
    with_audio = replace(talk, audio=Audio("https://cdn.example.org/a.mp3", "audio/mpeg", None, 3600.4))
    soup = BeautifulSoup(header(with_audio), "html.parser")
    root = soup.select_one(".player")
    audio = root.select_one("audio")
    # The browser's own controls until player.js takes over; ours hidden until then.
    assert audio.has_attr("controls") and audio["src"] == "https://cdn.example.org/a.mp3"
    assert root.select_one(".player-controls").has_attr("hidden")
    assert root["data-duration"] == "3600" and root.get("aria-label")
    buttons = root.select("button[data-action]")
    assert buttons and all(b.get("aria-label") or b.get_text(strip=True) for b in buttons)
    keys = {k for b in root.select("[aria-keyshortcuts]") for k in b["aria-keyshortcuts"].split()}
    assert keys and not keys & MATERIAL_KEYS


@pytest.mark.parametrize("url", ["javascript:alert(1)", 'https://a.org/x" onerror="alert(1)', "ftp://a.org/x.mp3"])
def test_an_audio_url_that_is_not_plain_http_gives_no_player(talk, url):
    assert player(replace(talk, audio=Audio(url))) == ""

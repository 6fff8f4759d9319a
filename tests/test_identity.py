"""Titles and URLs: from the metadata file, derived with a warning when missing, never from dump position."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from generator.config import ROOT, Config
from generator.metadata import load_metadata
from generator.pipeline import load_site
from generator.sources.dump import split_dump
from tests.conftest import BUNDLED_DUMP

FACTS = ROOT.parent / "shared" / "episode-facts.tsv"


@pytest.fixture(scope="module")
def site():
    return load_site(replace(Config(), inputs=(BUNDLED_DUMP,)))


def test_titles_and_dates_come_from_the_metadata_file(site):
    metas = {m.slug: m for m in load_metadata(Config().metadata)}
    assert {e.slug for e in site.episodes} == set(metas)
    for episode in site.episodes:
        meta = metas[episode.slug]
        assert episode.date == meta.date
        if meta.title:
            assert episode.title == meta.title and not episode.title_derived


@pytest.mark.skipif(not FACTS.exists(), reason="shared/episode-facts.tsv is not beside the project")
def test_the_metadata_file_carries_the_facts(site):
    rows = list(csv.DictReader(FACTS.open(encoding="utf-8"), delimiter="\t"))
    titles = {e.title for e in site.episodes}
    for row in rows:
        if row["title"]:
            assert row["title"] in titles


def test_an_episode_without_a_title_gets_a_readable_one_and_a_warning(site):
    derived = [e for e in site.episodes if e.title_derived]
    assert [e.title for e in derived] == ["The State of AI Startups"]
    assert any("derived 'The State of AI Startups'" in str(w) for w in site.warnings)


def test_urls_do_not_depend_on_the_position_in_the_dump(site, tmp_path):
    """Reverse the episodes of the dump: every slug, title and anchor stays with its episode."""
    from generator.profiles import load_profile
    from generator.model import Line, Origin

    raw = BUNDLED_DUMP.read_text(encoding="utf-8").split("\n")
    split = split_dump([Line(t, Origin("d", n)) for n, t in enumerate(raw, 1)], load_profile("latent-space-app"), "d")
    separator = "Get full access to Latent Space at www.latent.space/subscribe -"
    blocks = [[line.text for line in e.lines] for e in split.episodes]
    reordered = ["Afleveringen", "-"]
    for block in reversed(blocks):
        reordered += block + [separator]
    path = tmp_path / "reversed.txt"
    path.write_text("\n".join(reordered) + "\n", encoding="utf-8")
    other = load_site(replace(Config(), inputs=(path,)))

    def shape(s):
        return {e.slug: (e.title, tuple(seg.anchor for seg in e.segments), len(e.chapters)) for e in s.episodes}

    assert shape(other) == shape(site)


def test_episodes_are_listed_newest_first(site):
    dated = [e.date for e in site.episodes if e.date]
    assert dated == sorted(dated, reverse=True)


def test_an_audio_url_in_the_metadata_reaches_the_episode(tmp_path):
    text = Config().metadata.read_text(encoding="utf-8")
    first_slug = load_metadata(Config().metadata)[0].slug
    marked = text.replace(f"slug: {first_slug}\n", f"slug: {first_slug}\n    audio: https://cdn.example.org/ep/1.m4a\n", 1)
    assert marked != text
    path = tmp_path / "episodes.yml"
    path.write_text(marked, encoding="utf-8")
    episodes = {e.slug: e for e in load_site(replace(Config(), inputs=(BUNDLED_DUMP,), metadata=path)).episodes}
    audio = episodes[first_slug].audio
    assert audio is not None and (audio.url, audio.type) == ("https://cdn.example.org/ep/1.m4a", "audio/mp4")
    assert all(e.audio is None for slug, e in episodes.items() if slug != first_slug)


def test_an_audio_value_that_is_not_a_url_is_refused_by_name(tmp_path):
    from generator.errors import ConfigError

    path = tmp_path / "episodes.yml"
    path.write_text("episodes:\n  - match: x\n    slug: x\n    audio: file.mp3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_metadata(path)
    assert "'audio' must be an http(s) URL" in str(caught.value) and "episode 1" in str(caught.value)

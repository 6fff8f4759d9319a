"""Several inputs: a later scrape repeats old episodes (fuller, cut, reordered) and adds new ones on top."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import ROOT, Config
from generator.pipeline import load_site

FIXTURES = Path(__file__).parent / "fixtures"
RESCRAPE = FIXTURES / "scrape-2025-01-06.txt"
NEW = ("our-first-episode-of-2025-goes-deep-on-evaluating-coding", "you-sent-us-more-than-two-hundred-questions-about-running")
FULLER = "building-the-ai-engineer-nation-with-josephine-teo"
CUT = "generative-video-worldsim-icml-2024-part-1"
BLURB = "Get full access to Latent Space at www.latent.space/subscribe -"


@pytest.fixture(scope="module")
def first():
    return load_site(Config())


@pytest.fixture(scope="module")
def merged():
    return load_site(replace(Config(), inputs=(ROOT / "input", RESCRAPE)))


def by_slug(site):
    return {episode.slug: episode for episode in site.episodes}


def test_a_later_scrape_adds_its_new_episodes_on_top(first, merged):
    assert len(first.episodes) == 20
    assert len(merged.episodes) == 22
    assert [e.slug for e in merged.episodes[:2]] == list(NEW)
    assert {slug for slug, kind in merged.changes.items() if kind == "new"} == set(NEW)


def test_every_old_episode_keeps_its_slug(first, merged):
    assert set(by_slug(first)) <= set(by_slug(merged))


def test_a_fuller_description_replaces_the_cut_one(first, merged):
    before, after = by_slug(first)[FULLER], by_slug(merged)[FULLER]
    assert before.truncated and not after.truncated
    assert any("far more builders than researchers" in block.text for block in after.notes)
    assert merged.changes[FULLER] == "changed"
    assert merged.change_notes[FULLER].startswith("notes ")


def test_a_cut_rescrape_that_lost_its_metadata_phrase_is_still_recognised(first, merged):
    """The ICML scrape stops before 'ICML recordings', the phrase its entry matches; its opening still names it."""
    before, after = by_slug(first)[CUT], by_slug(merged)[CUT]
    assert after.notes == before.notes and after.chapters == before.chapters
    assert merged.changes[CUT] == "unchanged"
    assert "the latest scrape has less" in merged.change_notes[CUT]


def test_unchanged_episodes_are_reported_unchanged(merged):
    counts = {kind: list(merged.changes.values()).count(kind) for kind in ("new", "changed", "unchanged")}
    assert counts == {"new": 2, "changed": 1, "unchanged": 19}


def test_a_single_input_holds_only_new_episodes(first):
    assert set(first.changes.values()) == {"new"}


def episode(opening: str, *more: str) -> list[str]:
    return [opening, *more, BLURB]


GREETING = "Happy holidays! We are sharing snippets from our live event through the break, bringing you the best talks of the year"


def write(path: Path, *episodes: list[str]) -> Path:
    path.write_text("\n".join(line for lines in episodes for line in lines) + "\n", encoding="utf-8")
    return path


def test_episodes_opening_with_the_same_greeting_stay_apart(tmp_path):
    """The old 8-word key merged these two; they differ only after the twentieth word."""
    dump = write(
        tmp_path / "a.txt",
        episode(f"{GREETING} from our friends at the vision track.", "Roboflow and Moondream on the state of vision."),
        episode(f"{GREETING}! We thank our sponsors for the venue.", "Sarah and Pranav on the state of startups."),
    )
    site = load_site(replace(Config(), inputs=(dump,), metadata=tmp_path / "none.yml"))
    assert len(site.episodes) == 2
    assert not any("appears twice" in w.message for w in site.warnings)


def test_a_rescrape_cut_inside_its_opening_joins_its_episode(tmp_path):
    first = write(
        tmp_path / "1.txt",
        episode("Our guest today built a compiler for prompts and spent two years running it in production at scale.", "Timestamps", "* 00:00 Intro", "* 05:00 Compilers"),
        episode("A second episode about retrieval systems, vector databases and the people who run them every day.", "More about it."),
    )
    second = write(
        tmp_path / "2.txt",
        ["Our guest today built a compiler for prompts and spent two ye", "-"],
        episode("A second episode about retrieval systems, vector databases and the people who run them every day.", "More about it."),
    )
    site = load_site(replace(Config(), inputs=(first, second), metadata=tmp_path / "none.yml"))
    assert len(site.episodes) == 2
    compiler = next(e for e in site.episodes if "compiler" in e.notes[0].text)
    assert len(compiler.chapters) == 2 and not compiler.truncated
    assert set(site.changes.values()) == {"unchanged"}


def test_each_part_comes_from_the_scrape_that_has_most_of_it(tmp_path):
    opening = "This week we sit down with the team behind an open speech model to talk about data, evals and latency."
    transcript = ["Transcript", "[00:00:00] Swyx: Welcome.", "[00:00:05] Guest: Thanks for having me.", "[00:00:09] Swyx: Let's start."]
    first = write(tmp_path / "1.txt", episode(opening, "A long second paragraph about the model and its many uses in the field.", *transcript[:2]))
    second = write(tmp_path / "2.txt", episode(opening, *transcript))
    site = load_site(replace(Config(), inputs=(first, second), metadata=tmp_path / "none.yml"))
    (talk,) = site.episodes
    assert len(talk.notes) == 2, "notes from the first scrape, which has more of them"
    assert len(talk.segments) == 3, "transcript from the second"
    assert {s.origin.path for s in talk.segments} == {str(second)}
    assert site.changes[talk.slug] == "changed"
    assert "segments 1 → 3" in site.change_notes[talk.slug]


def test_the_same_episode_twice_in_one_input_is_merged_with_a_warning(tmp_path):
    lines = episode("One episode, listed twice by the page, about agents that write their own tools and tests.", "More.")
    site = load_site(replace(Config(), inputs=(write(tmp_path / "a.txt", lines, lines),), metadata=tmp_path / "none.yml"))
    assert len(site.episodes) == 1
    assert any("appears twice in one input" in w.message for w in site.warnings)

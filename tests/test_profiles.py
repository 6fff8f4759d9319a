"""Source profiles are data: loaded from YAML, checked field by field, selectable, and a second one works end to end.

The second profile (``generator/profiles/show-archive.yml``) is tested on dumps
synthesised from the dev corpus in its own layout (a rule line between
episodes, its own section headings): the same episodes must come out as they do
in the Latent Space layout, and the Latent Space profile must not read them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config
from generator.corpus import damaged, dump_lines, load_corpus, load_layout
from generator.errors import ConfigError
from generator.profiles import available, load_profile
from generator.pipeline import load_site


def test_shipped_profiles_load():
    assert {"latent-space-app", "show-archive"} <= set(available())
    latent = load_profile("latent-space-app")
    assert latent.name == "latent-space-app"
    assert "transcripts" in latent.transcript_headings and "timestamps" in latent.chapter_headings
    assert Config().profile == latent


@pytest.mark.parametrize(
    "line, chrome",
    [
        ("Get full access to Latent Space at www.latent.space/subscribe -", ""),
        ("Get full access to Latent Space at www.latent.space/subscribe - Laat meer zien", "Laat meer zien"),
        ("Get full access to Latent Space at www.latent.space/subscribe", ""),
    ],
)
def test_the_separator_always_yields_its_chrome(line, chrome):
    match = load_profile("latent-space-app").separator.match(line)
    assert match and match.group("chrome").strip() == chrome


def test_a_bad_profile_names_every_problem(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("name: bad\nseparator: '^(unclosed'\nchapter_headings: Timestamps\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile(str(path))
    problems = "\n".join(caught.value.problems)
    assert f"{path}: unknown field 'colour'" in problems
    assert f"{path}: 'separator' is not a valid regular expression" in problems
    assert f"{path}: 'chapter_headings' must be a list" in problems


def test_a_separator_without_its_chrome_group_is_refused(tmp_path):
    path = tmp_path / "nogroup.yml"
    path.write_text("name: x\nseparator: '^---$'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a group"):
        load_profile(str(path))


def test_an_unknown_profile_lists_the_shipped_ones():
    with pytest.raises(ConfigError, match="latent-space-app"):
        load_profile("no-such-app")


def _dump(tmp_path: Path, layout: str) -> tuple[Path, list]:
    dev = [episode for episode in load_corpus() if episode.split == "dev"]
    lines, placed = dump_lines(dev, load_layout(layout))
    path = tmp_path / f"{layout}.txt"
    path.write_text("\n".join(damaged(line) for line in lines) + "\n", encoding="utf-8")
    return path, placed


def _site(tmp_path: Path, path: Path, profile: str):
    config = replace(
        Config(),
        inputs=(path,),
        metadata=tmp_path / "none.yml",
        generated_dir=tmp_path / "generated",
        profile=load_profile(profile),
        search_index=False,
    )
    return load_site(config)


def test_the_second_profile_reads_its_layout_like_the_first(tmp_path):
    archive, placed = _dump(tmp_path, "show-archive")
    latent, _ = _dump(tmp_path, "latent-space-app")
    by_archive = {e.origin.line: e for e in _site(tmp_path, archive, "show-archive").episodes}
    by_latent = {e.origin.line: e for e in _site(tmp_path, latent, "latent-space-app").episodes}
    assert len(by_archive) == len(placed) == len(by_latent)
    for place, (_, twin) in zip(placed, sorted(by_latent.items())):
        episode = by_archive[place.first + 1]
        truth = place.episode
        # The headings are the profile's own words; the episode reads the same.
        assert len(episode.segments) == len(twin.segments) >= bool(truth.segments), truth.slug
        assert [(c.start, c.title) for c in episode.chapters] == [(c.start, c.title) for c in twin.chapters]
        assert [b.text for b in episode.notes] == [b.text for b in twin.notes]


def test_the_first_profile_does_not_split_the_second_layout(tmp_path):
    archive, placed = _dump(tmp_path, "show-archive")
    site = _site(tmp_path, archive, "latent-space-app")
    assert len(site.episodes) == 1 < len(placed)
    assert any("no episode separators found" in w.message for w in site.warnings)


def test_the_profile_is_chosen_on_the_command_line(tmp_path, capsys):
    archive, placed = _dump(tmp_path, "show-archive")
    args = ["check", "--input", str(archive), "--metadata", str(tmp_path / "none.yml")]
    assert main(args + ["--profile", "show-archive"]) == 0
    assert f"{len(placed)} episodes" in capsys.readouterr().out
    assert main(args + ["--profile", "no-such-app"]) == 1
    assert "no source profile 'no-such-app'" in capsys.readouterr().err

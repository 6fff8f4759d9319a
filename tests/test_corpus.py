"""The dev/test corpus: its protocol holds, its truth is read from its markers, and the bench runs."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from generator.bench_unseen import main
from generator.corpus import EPISODES, SPLITS, damaged, dump_lines, load_corpus, load_episode, load_layout, load_splits
from generator.errors import InputError

#: Months of Latent Space episodes reserved for a benchmark the rules never see.
RESERVED = {"2023-03", "2023-05", "2024-03", "2024-09", "2025-01", "2025-02", "2025-06", "2026-04"}


#: The test split as it was frozen, before any of its failures could be read.
FROZEN_TEST = {"elicit", "q2-2024-recap", "suhail-doshi", "together", "wondercraft", "yitay"}


def test_every_episode_is_in_one_split_chosen_by_the_hash_of_its_slug():
    splits = load_splits()
    assert sorted(splits) == sorted(p.name for p in EPISODES.iterdir() if (p / "clean.md").exists())
    assert len(splits) >= 12
    added = set(yaml.safe_load(SPLITS.read_text(encoding="utf-8")).get("added_to_dev") or [])
    for slug, split in splits.items():
        odd = int(hashlib.sha256(slug.encode()).hexdigest(), 16) % 2
        assert split == ("dev" if slug in added else "test" if odd else "dev"), slug


def test_the_test_split_stays_as_frozen():
    assert {slug for slug, split in load_splits().items() if split == "test"} == FROZEN_TEST


def test_a_slug_listed_twice_is_an_error(tmp_path):
    path = tmp_path / "splits.yml"
    path.write_text("dev: [a]\ntest: [b]\nadded_to_dev: [b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="'b' is listed twice"):
        load_splits(path)


def test_no_episode_is_reserved_or_bundled():
    for episode in load_corpus():
        month = episode.published[:7]
        assert "2022-10" <= month <= "2026-12", episode.slug  # Latent Space posts began in October 2022
        assert month not in RESERVED, episode.slug
        assert not "2024-10" <= month <= "2024-12", f"{episode.slug}: the bundled dump's months"


def test_the_truth_is_read_from_the_markers(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "source.yml").write_text(
        "url: https://example.org/demo\npublished: 2024-05-01\nsource: test\ncited: [\"Paper One\"]\n", encoding="utf-8"
    )
    (folder / "clean.md").write_text(
        "Notes line.\n* Paper One, a paper\n* a plain bullet\n@chapters Timestamps\n* [00:00:00] Intro\n"
        "Show Notes\n@transcript -\n# [00:00:00] Intro\n[00:00:00] Ann: Hello.\n[00:00:05] Bob: Hi.\n",
        encoding="utf-8",
    )
    episode = load_episode(folder, "dev")
    assert [episode.lines[i] for i in episode.cited] == ["* Paper One, a paper"]
    assert [(c.start, c.title, c.source) for c in episode.chapters] == [(0, "Intro", "list"), (0, "Intro", "transcript")]
    assert [episode.lines[i] for i in episode.segments] == ["[00:00:00] Ann: Hello.", "[00:00:05] Bob: Hi."]
    assert episode.transcript_heading is None and "Show Notes" in [episode.lines[i] for i in episode.notes]


def test_an_untimed_transcript_heading_starts_with_the_next_timed_turn(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "source.yml").write_text("url: u\npublished: 2026-02-01\nsource: s\n", encoding="utf-8")
    (folder / "clean.md").write_text(
        "Title\n@transcript -\n[00:00:00] Ann: Hello.\n# Why It Matters\n[00:01:00] Bob: Because.\n", encoding="utf-8"
    )
    episode = load_episode(folder, "dev")
    assert [(c.start, c.title, c.source) for c in episode.chapters] == [(60, "Why It Matters", "transcript")]
    assert "Why It Matters" in episode.lines and len(episode.segments) == 2
    (folder / "clean.md").write_text("Title\n@transcript -\n[00:00:00] Ann: Hello.\n# Last Words\n", encoding="utf-8")
    with pytest.raises(InputError, match="no timed turn after the heading 'Last Words'"):
        load_episode(folder, "dev")


def test_a_cited_entry_that_matches_no_bullet_is_an_error(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "source.yml").write_text("url: u\npublished: 2024-05-01\nsource: s\ncited: [Nothing]\n", encoding="utf-8")
    (folder / "clean.md").write_text("* Something\n", encoding="utf-8")
    with pytest.raises(InputError, match="match no bullet"):
        load_episode(folder, "dev")


def test_the_damaged_dump_keeps_every_line():
    corpus = load_corpus()
    lines, placed = dump_lines(corpus, load_layout("latent-space-app"))
    assert len(placed) == len(corpus)
    assert sum(damaged(line) != line for line in lines) > 0
    assert all("\n" not in damaged(line) for line in lines)


def test_the_bench_prints_a_column_per_split(capsys):
    assert main([]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "| measure | dev | test | bundled |"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table[2:]}
    assert "transcripts found" in rows and "reading-list items from transcript lines" in rows


@pytest.mark.parametrize("style", ["parens", "minutes", "speaker-first", "publisher", "publisher-bold", "publisher-markdown"])
def test_the_dev_transcripts_read_alike_in_every_transcript_style(style, tmp_path):
    """Rewritten as other exports write turns, the dev transcripts give the figures they give as written."""
    from generator.bench_unseen import measure_split
    from generator.corpus import restyled

    dev = [e for e in load_corpus() if e.split == "dev"]
    for folder in ("as-written", style):
        (tmp_path / folder).mkdir()
    written = measure_split("dev", dev, "latent-space-app", tmp_path / "as-written")
    other = measure_split("dev", [restyled(e, style) for e in dev], "latent-space-app", tmp_path / style)
    assert other.transcripts == written.transcripts == other.transcripts_found == other.segments_ok > 20
    assert (other.chapters_found, other.false_chapters) == (written.chapters_found, written.false_chapters) == (written.chapters, 0)

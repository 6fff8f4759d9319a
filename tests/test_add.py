"""``python -m generator add``: check a new input, copy it under a dated name, freeze new URLs, report."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.add import apply_plan, plan_add, report_lines
from generator.cli import main
from generator.config import ROOT, Config
from generator.errors import InputError
from generator.metadata import load_metadata
from generator.pipeline import load_site

FIXTURES = Path(__file__).parent / "fixtures"
RESCRAPE = FIXTURES / "scrape-2025-01-06.txt"
DAY = dt.date(2025, 1, 6)


@pytest.fixture
def folder(tmp_path) -> tuple[Path, Path]:
    """A copy of the bundled input folder and metadata file."""
    inputs = tmp_path / "input"
    inputs.mkdir()
    shutil.copy(ROOT / "input" / "000_66bcd3adb724be89.txt", inputs)
    shutil.copy(ROOT / "input" / "episodes.yml", inputs)
    return inputs, inputs / "episodes.yml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_add_copies_reports_and_freezes_the_new_urls(folder):
    inputs, metadata = folder
    before = metadata.read_text(encoding="utf-8")
    plan = plan_add(RESCRAPE, inputs, metadata, Config(), DAY)
    apply_plan(plan, metadata)
    assert (inputs / "2025-01-06_scrape-2025-01-06.txt").read_bytes() == RESCRAPE.read_bytes()
    after = metadata.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "comments and entries are kept as written"
    metas = load_metadata(metadata)
    assert len(metas) == 22
    added = {m.slug: m for m in metas[20:]}
    assert set(added) == {
        "our-first-episode-of-2025-goes-deep-on-evaluating-coding",
        "you-sent-us-more-than-two-hundred-questions-about-running",
    }
    assert all(m.date is None and m.title for m in added.values())
    report = "\n".join(report_lines(plan))
    assert "the site will have 22: 2 new, 1 changed, 19 unchanged" in report
    assert "changed  building-the-ai-engineer-nation-with-josephine-teo  (notes 681 → 757 words)" in report
    assert "kept     generative-video-worldsim-icml-2024-part-1" in report
    assert "no metadata entry" not in report

    site = load_site(replace(Config(), inputs=(inputs,), metadata=metadata))
    assert len(site.episodes) == 22
    new = [e for e in site.episodes if e.slug in added]
    assert all(e.key == f"meta:{e.slug}" and e.title == added[e.slug].title for e in new)
    assert not any("no metadata entry" in w.message for w in site.warnings)


def test_add_from_the_command_line(folder, capsys):
    inputs, metadata = folder
    code = main(["add", str(RESCRAPE), "--input-dir", str(inputs), "--metadata", str(metadata)])
    out = capsys.readouterr().out
    assert code == 0
    assert (inputs / f"{dt.date.today().isoformat()}_{RESCRAPE.name}").exists()
    assert "2 new, 1 changed, 19 unchanged" in out
    assert main(["add", str(RESCRAPE), "--input-dir", str(inputs), "--metadata", str(metadata)]) == 1
    assert "already in the input folder" in capsys.readouterr().err


def test_an_html_page_starts_an_empty_folder_and_its_metadata_file(tmp_path):
    inputs, metadata = tmp_path / "input", tmp_path / "input" / "episodes.yml"
    inputs.mkdir()
    plan = plan_add(FIXTURES / "post-page.html", inputs, metadata, Config(), DAY)
    apply_plan(plan, metadata)
    (entry,) = plan.entries
    assert entry.title == "Building the Silicon Brain - with Drew Houston of Dropbox"
    assert entry.date == "2024-10-18"
    assert entry.match == "CEOs of publicly traded companies are often in"
    (meta,) = load_metadata(metadata)
    assert (meta.slug, meta.date, meta.match) == (entry.slug, "2024-10-18", entry.match)
    assert metadata.read_text(encoding="utf-8").startswith("# Episode metadata")
    assert (inputs / "2025-01-06_post-page.html").exists()


REFUSED = {
    "binary": (b"\x00\x01\x02binary", "binary"),
    "empty": (b"", "empty"),
    "chrome only": (b"Afleveringen\n-\nLaat meer zien\n", "no episode found"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_bad_input_is_refused_and_nothing_is_written(folder, tmp_path, capsys, name):
    inputs, metadata = folder
    content, says = REFUSED[name]
    bad = tmp_path / f"{name.replace(' ', '-')}.txt"
    bad.write_bytes(content)
    before = snapshot(inputs)
    assert main(["add", str(bad), "--input-dir", str(inputs), "--metadata", str(metadata)]) == 1
    err = capsys.readouterr().err
    assert "add refused, nothing written" in err and says in err and str(bad) in err
    assert snapshot(inputs) == before


def test_an_unknown_kind_of_file_is_refused(folder, tmp_path):
    inputs, metadata = folder
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(InputError, match=r"page\.pdf: expected a text dump"):
        plan_add(pdf, inputs, metadata, Config(), DAY)


def test_a_name_that_would_sort_before_a_later_input_is_refused(folder):
    inputs, metadata = folder
    (inputs / "2025-02-01_later.txt").write_bytes(RESCRAPE.read_bytes().replace(b"Mira", b"Mina"))
    before = snapshot(inputs)
    with pytest.raises(InputError, match="sorts before 2025-02-01_later.txt"):
        plan_add(RESCRAPE, inputs, metadata, Config(), DAY)
    assert snapshot(inputs) == before


def test_an_episode_with_no_notes_of_its_own_is_refused(folder, tmp_path):
    """Its notes repeat another episode's opening word for word: no phrase could tell them apart later."""
    inputs, metadata = folder
    lines = (ROOT / "input" / "000_66bcd3adb724be89.txt").read_text(encoding="utf-8").split("\n")
    twin = tmp_path / "twin.txt"
    twin.write_text("\n".join(["Timestamps", "* 00:00 Intro", "* 01:00 More", "Get full access to Latent Space at www.latent.space/subscribe -", *lines[896:906]]) + "\n", encoding="utf-8")
    before = snapshot(inputs)
    with pytest.raises(InputError, match="no opening words in its notes"):
        plan_add(twin, inputs, metadata, Config(), DAY)
    assert snapshot(inputs) == before

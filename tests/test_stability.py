"""Issue 5 and 8: adding a later scrape keeps every published URL and every anchor id.

Build the bundled input, record every page's URL and every ``id`` in every page;
add a second input holding two new episodes and re-scrapes of old ones (one with
a fuller description, one cut short); build again; every old URL and id must
still be there, and the site must hold 22 episodes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.config import ROOT
from tests.conftest import build_into

RESCRAPE = Path(__file__).parent / "fixtures" / "scrape-2025-01-06.txt"

pytestmark = pytest.mark.slow


def pages(site: Path) -> dict[str, set[str]]:
    """Every HTML page of a site by URL path, with the ids it holds."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found[path.relative_to(site).as_posix()] = {tag["id"] for tag in soup.find_all(id=True)}
    return found


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory):
    """One build folder: the bundled input first, then again with the later scrape added."""
    root = tmp_path_factory.mktemp("stability")
    _, first = build_into(root, search=False)
    old = pages(root / "site")
    _, second = build_into(root, inputs=(ROOT / "input", RESCRAPE), search=False)
    return first, old, second, pages(root / "site")


def test_the_site_has_the_new_episodes(before_and_after):
    first, _, second, new = before_and_after
    assert len(first.episodes) == 20 and len(second.episodes) == 22
    for episode in second.episodes:
        assert f"episodes/{episode.slug}/index.html" in new


def test_every_old_url_is_still_served(before_and_after):
    _, old, _, new = before_and_after
    missing = sorted(set(old) - set(new))
    assert not missing, missing
    assert len(old) > 40


def test_every_old_anchor_is_still_on_its_page(before_and_after):
    _, old, _, new = before_and_after
    lost = {url: sorted(ids - new[url]) for url, ids in old.items() if ids - new[url]}
    assert not lost, lost
    assert sum(len(ids) for ids in old.values()) > 3000, "the transcripts' segment anchors are counted"


def test_the_fuller_description_shows_and_the_cut_one_does_not(before_and_after):
    _, old, _, new = before_and_after
    govtech = "episodes/building-the-ai-engineer-nation-with-josephine-teo/index.html"
    icml = "episodes/generative-video-worldsim-icml-2024-part-1/index.html"
    assert new[govtech] >= old[govtech]
    assert new[icml] == old[icml]

"""sitemap.xml carries real dates and robots.txt names it (overrides/sitemap.xml, overrides/robots.txt)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import yaml

from generator.config import ROOT

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_dates(site_dir) -> dict[str, str | None]:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS) for u in root.findall("s:url", NS)}


def test_a_talk_is_dated_by_its_episode(site_dir, bundled_site):
    dates = sitemap_dates(site_dir)
    for episode in bundled_site.episodes:
        assert dates[f"{SITE_URL}episodes/{episode.slug}/"] == episode.date, episode.slug


def test_other_pages_carry_the_newest_talk_date(site_dir, bundled_site):
    newest = max(e.date for e in bundled_site.episodes if e.date)
    dates = sitemap_dates(site_dir)
    for page in ("", "speakers/", "reading-list/", "about/"):
        assert dates[SITE_URL + page] == newest, page


def test_every_date_is_a_real_day(site_dir):
    for loc, lastmod in sitemap_dates(site_dir).items():
        if lastmod is not None:
            assert dt.date.fromisoformat(lastmod).year > 1970, loc


def test_robots_txt_names_the_sitemap(site_dir):
    lines = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines

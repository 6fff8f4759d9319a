"""Checks of the built bundled site (the ``site_dir`` fixture), page by page, with BeautifulSoup.

* Every internal link, asset and ``#anchor`` resolves. A ``#t=HH:MM:SS`` (or
  ``-2``, ``-3``) fragment is an id the generator emits and must exist; other
  ``#t=`` forms (``#t=853``, ``#t=14:13``) are resolved by the page's script
  and are skipped.
* No page holds the same id twice.
* Every page has a ``<title>`` and a meta description.
* The visible text holds none of the mojibake signatures of the bundled dump.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.build import site_settings
from generator.config import Config

SITE_URL = site_settings(Config().mkdocs_config)["site_url"]
#: A fragment the generator writes for a segment or an inline time.
SEGMENT_ID = re.compile(r"^t=\d{2,3}:\d{2}:\d{2}(?:-\d+)?$")
#: Damage left by the scrape: a lone ``â`` (the first byte of a curly quote or dash
#: whose other bytes were lost), ``Ă`` and ``đ`` (bytes read as ISO-8859-16), ``âČ``,
#: ``⊠`` (an ellipsis that went through two wrong decodings), the replacement
#: character, and classic UTF-8 read as Latin-1 (``Ã©``).
MOJIBAKE = re.compile("â|Ă|đ|âČ|⊠|\ufffd|Ã[\u0080-\u00bf]")
#: Words in which ``â`` is a real letter.
REAL_A_CIRCUMFLEX = {"pâte", "pâté", "château", "châteaux", "âge", "bâtiment"}


@cache
def _parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _url(site: Path, page: Path) -> str:
    """The page's address on the site, as MkDocs makes it (directory URLs)."""
    rel = page.relative_to(site).as_posix()
    return urljoin(SITE_URL, rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _target(site: Path, url: str) -> Path | None:
    """The file an internal URL serves, or None when there is none."""
    path = unquote(urlsplit(url).path)[len(urlsplit(SITE_URL).path):]
    candidate = site / path
    if path.endswith("/") or path == "":
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _ids(page: Path) -> set[str]:
    return {tag["id"] for tag in _parsed(page).find_all(id=True)}


def _links(soup: BeautifulSoup) -> list[str]:
    found = [tag["href"] for tag in soup.find_all(["a", "link", "area"], href=True)]
    found += [tag["src"] for tag in soup.find_all(["script", "img", "iframe", "source"], src=True)]
    return found


def broken_links(site: Path) -> tuple[list[str], Counter]:
    """Every internal link, asset or anchor of the site that leads nowhere, and what was checked."""
    broken: list[str] = []
    checked: Counter = Counter()
    site_host = urlsplit(SITE_URL).netloc
    for page in _pages(site):
        base = _url(site, page)
        for href in _links(_parsed(page)):
            url = urljoin(base, href.strip())
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc != site_host:
                continue
            target = _target(site, url)
            if target is None:
                broken.append(f"{page.relative_to(site)}: {href} (no such file)")
                continue
            checked["links"] += 1
            fragment = unquote(parts.fragment)
            if not fragment or target.suffix != ".html":
                continue
            if fragment.startswith("t=") and not SEGMENT_ID.match(fragment):
                checked["script-only"] += 1
                continue
            checked["anchors"] += 1
            if fragment not in _ids(target):
                broken.append(f"{page.relative_to(site)}: {href} (no id {fragment!r} in {target.relative_to(site)})")
    return broken, checked


def duplicate_ids(site: Path) -> dict[str, list[str]]:
    """Per page, the ids it holds more than once."""
    duplicated = {}
    for page in _pages(site):
        counts = Counter(tag["id"] for tag in _parsed(page).find_all(id=True))
        repeated = sorted(i for i, n in counts.items() if n > 1)
        if repeated:
            duplicated[str(page.relative_to(site))] = repeated[:10]
    return duplicated


def test_every_internal_link_and_anchor_resolves(site_dir):
    broken, checked = broken_links(site_dir)
    assert broken == [], f"{len(broken)} broken: " + "\n".join(broken[:40])
    assert checked["links"] > 1000 and checked["anchors"] > 300, checked


def test_the_checks_see_a_broken_link_a_missing_anchor_and_a_repeated_id(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#t=00:00:01">ok</a><a href="a/#t=853">script</a>'
        '<a href="a/#t=00:00:02">no id</a><a href="b/">no page</a><a href="https://elsewhere.org/">out</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="t=00:00:01"></p><p id="x"></p><p id="x"></p>', encoding="utf-8")
    broken, checked = broken_links(tmp_path)
    assert broken == ["index.html: a/#t=00:00:02 (no id 't=00:00:02' in a/index.html)", "index.html: b/ (no such file)"]
    assert checked == Counter(links=4, anchors=2, **{"script-only": 1})
    assert duplicate_ids(tmp_path) == {"a/index.html": ["x"]}


def test_the_generator_emits_an_id_for_every_segment(site_dir, bundled_site):
    for episode in bundled_site.episodes:
        if not episode.segments:
            continue
        ids = _ids(site_dir / "episodes" / episode.slug / "index.html")
        anchors = {s.anchor for s in episode.segments} | {m.anchor for s in episode.segments for m in s.marks}
        assert anchors <= ids, sorted(anchors - ids)[:10]


def test_no_page_has_duplicate_ids(site_dir):
    assert duplicate_ids(site_dir) == {}


def test_every_page_has_a_title_and_a_description(site_dir):
    missing = []
    for page in _pages(site_dir):
        soup = _parsed(page)
        title = soup.title.get_text(strip=True) if soup.title else ""
        description = soup.find("meta", attrs={"name": "description"})
        if not title or description is None or not description.get("content", "").strip():
            missing.append(str(page.relative_to(site_dir)))
    assert missing == []


def _visible_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    title = soup.title.get_text(" ") if soup.title else ""
    body = soup.body.get_text(" ") if soup.body else ""
    return f"{title} {body}"


def _mojibake(text: str) -> list[str]:
    """The word around each signature found.

    >>> _mojibake("Weâll see the château ⊠later")
    ['Weâll', '⊠later']
    """
    found = []
    for match in MOJIBAKE.finditer(text):
        word = re.search(r"\S*$", text[: match.start()]).group(0) + re.match(r"\S*", text[match.start():]).group(0)
        if match.group(0) == "â" and word.casefold().strip(".,;:!?()\"'") in REAL_A_CIRCUMFLEX:
            continue
        found.append(word)
    return found


def test_visible_text_holds_no_mojibake(site_dir):
    found = {}
    for page in _pages(site_dir):
        hits = _mojibake(_visible_text(page))
        if hits:
            found[str(page.relative_to(site_dir))] = hits[:5]
    assert found == {}, f"{sum(len(v) for v in found.values())} signatures on {len(found)} pages"


@pytest.mark.parametrize("sample", ["Weâll", "TĂŒlu3", "We are in đœ NYC", "âČ", "skeptical⊠and", "a \ufffd b", "cafÃ©"])
def test_the_mojibake_check_sees_each_signature(sample):
    assert _mojibake(sample)

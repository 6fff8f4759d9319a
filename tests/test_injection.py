"""Text from the input renders as the characters a person typed: never as code, markup or links.

A small dump holds, in its notes, chapter list, chapter headings, speaker
positions and transcript, every kind of hostile text: HTML (``<script>``,
``<img onerror>``), ``javascript:`` and ``data:`` URLs, Markdown (headings,
lists, links, tables, attribute lists, comments) and Jinja. The site is built
with MkDocs and every page checked with BeautifulSoup: no element, attribute or
link came from the input, and the input's text is visible literally. Only http
and https links are emitted.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import build_into

SEPARATOR = "Get full access to Latent Space at www.latent.space/subscribe -"
#: Each is typed once into notes and once into a transcript; each must be shown as typed.
HOSTILE = [
    "<script>alert('pwned')</script>",
    "<img src=x onerror=alert('pwned')>",
    "<a href=\"javascript:alert('pwned')\">click me</a>",
    "[a markdown link](javascript:alert('pwned'))",
    "![an image](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<https://example.org/ok\" onmouseover=\"alert('pwned')>",
    "| a | table |",
    "{#injected-id .injected-class}",
    "<!-- a comment -->",
    "{{ config.site_name }} and {% if true %}jinja{% endif %}",
    "&lt;already escaped&gt; &amp; &#60;script&#62;",
    "*emphasis* __strong__ `code` ~~strike~~ ==mark== ^^ins^^",
    "$x^2$ and \\(y\\) and [[wiki]] and :smile: and !!! note",
]
NOTES = [
    # The first sentence becomes the derived title and the page description.
    "Watch \"</title><script>alert('pwned')</script> a talk about <b>security</b> and more.",
    "# a heading typed in the notes",
    "1. a numbered line",
    "> a quoted line",
    "Evil: javascript:alert('pwned')",
    "Data: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "Fine: https://example.org/safe?q=1&r=2",
    "Security Notes {#heading-injected .injected-class}",
    *HOSTILE,
]
CHAPTERS = ["Timestamps", "* 00:00 <script>alert('pwned')</script> welcome", "* 00:10 {#chapter-injected} [x](javascript:alert(1))"]
TRANSCRIPT = [
    "Transcript",
    "[00:00:05] <b>Host</b> {#heading-id}",
    *(f"[00:00:{10 + n:02d}] Swyx: {text}" for n, text in enumerate(HOSTILE)),
    "[00:00:40] <img src=x onerror=alert(1)>: a speaker position holding markup",
    "Alessio [00:00:45]: # not a heading * not a list [not](a link) {#not-an-id}",
]
#: Attributes that hold the page's text as data.
DATA_ATTRIBUTES = ("content", "title", "aria-label", "alt", "data-title")
INJECTED_IDS = ("injected-id", "chapter-injected", "heading-id", "not-an-id", "heading-injected")


def _dump() -> str:
    return "\n".join(["Afleveringen", "-", *NOTES, *CHAPTERS, *TRANSCRIPT, SEPARATOR + " Laat meer zien"]) + "\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile dump built into a site (MkDocs, no search index)."""
    tmp = tmp_path_factory.mktemp("injection")
    dump = tmp / "hostile.txt"
    dump.write_text(_dump(), encoding="utf-8")
    metadata = tmp / "episodes.yml"
    metadata.write_text("episodes: []\n", encoding="utf-8")
    config, site = build_into(tmp, inputs=(dump,), search=False, metadata=metadata)
    assert len(site.episodes) == 1
    return config.site_dir


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _episode_page(site: Path) -> Path:
    (page,) = (site / "episodes").glob("*/index.html")
    return page


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(soup: BeautifulSoup) -> str:
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def test_no_script_handler_or_image_from_the_input(hostile_site):
    for page in _pages(hostile_site):
        soup = _soup(page)
        for script in soup.find_all("script"):
            assert "pwned" not in (script.string or "") and "alert(" not in (script.string or ""), page
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                shown = " ".join(value) if isinstance(value, list) else str(value)
                # The theme's own search form is the one handler a page may hold.
                assert not name.lower().startswith("on") or (name, shown) == ("onsubmit", "return false"), (page, tag.name, name)
                # Text in an attribute is data (content, title, aria-label); markup that got out of one is not.
                assert not re.search(r"[\"'] *(on\w+|src|href|style) *=", shown) or name in DATA_ATTRIBUTES, (page, tag.name, name, shown)
        assert not soup.find_all("img", src="x"), page
        assert not soup.find_all(["iframe", "object", "embed", "b"] if page == _episode_page(hostile_site) else ["iframe", "object", "embed"])


def test_only_http_links_are_emitted(hostile_site):
    for page in _pages(hostile_site):
        for tag in _soup(page).find_all(href=True):
            href = tag["href"].strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (page, href)
            scheme = re.match(r"^([a-z][a-z0-9+.-]*):", href)
            assert scheme is None or scheme.group(1) in ("http", "https", "mailto"), (page, href)
        for tag in _soup(page).find_all(src=True):
            assert not tag["src"].strip().lower().startswith(("javascript:", "data:")), page


def test_no_markdown_or_attribute_list_from_the_input_took_effect(hostile_site):
    soup = _soup(_episode_page(hostile_site))
    ids = {tag.get("id") for tag in soup.find_all(id=True)}
    assert not ids & set(INJECTED_IDS)
    assert not soup.select(".injected-class")
    article = soup.find("article") or soup
    assert not article.find_all(["table", "blockquote", "em", "strong", "code", "del", "mark", "ins"]), [
        str(t)[:80] for t in article.find_all(["table", "blockquote", "em", "strong", "code", "del", "mark", "ins"])
    ]
    headings = [" ".join(h.get_text(" ").split()) for h in article.find_all(["h1", "h2", "h3", "h4"])]
    assert not any("a heading typed in the notes" in h or "not a heading" in h for h in headings), headings


@pytest.mark.parametrize(
    "typed",
    HOSTILE + ["# a heading typed in the notes", "> a quoted line", "1. a numbered line", "Security Notes {#heading-injected .injected-class}"],
)
def test_hostile_text_is_visible_as_typed(hostile_site, typed):
    text = _text(_soup(_episode_page(hostile_site)))
    assert " ".join(typed.split()) in text


def test_the_title_and_description_stay_text(hostile_site):
    soup = _soup(_episode_page(hostile_site))
    typed = "Watch \"</title><script>alert('pwned')</script> a talk about <b>security</b> and more."
    assert soup.title.get_text().startswith(typed[:40])
    (description,) = soup.find_all("meta", attrs={"name": "description"})
    assert description["content"] == typed
    assert not soup.head.find_all("script", string=re.compile("pwned"))


def test_the_only_link_from_the_notes_is_the_https_one(hostile_site):
    article = _soup(_episode_page(hostile_site)).find("article")
    external = [a["href"] for a in article.find_all("a", href=True) if a["href"].startswith("http")]
    assert "https://example.org/safe?q=1&r=2" in external
    # ``<https://example.org/ok" onmouseover=…>`` holds an http URL up to its quote: a link to it, and the rest as text.
    assert set(external) <= {"https://example.org/safe?q=1&r=2", "https://example.org/ok"}, external


def test_feed_and_exports_hold_the_text_not_markup(hostile_site):
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    assert not any(element.tag.lower() == "script" for element in feed.iter())
    page_dir = _episode_page(hostile_site).parent
    chapters = json.loads((page_dir / "chapters.json").read_text(encoding="utf-8"))
    assert chapters["chapters"][0]["title"] == "<script>alert('pwned')</script> welcome"
    transcript = json.loads((page_dir / "transcript.json").read_text(encoding="utf-8"))
    assert [s["body"] for s in transcript["segments"] if s.get("speaker") == "Swyx"] == HOSTILE
    vtt = (page_dir / "transcript.vtt").read_text(encoding="utf-8")
    assert "<script>" not in vtt and "&lt;script&gt;alert('pwned')&lt;/script&gt;" in vtt

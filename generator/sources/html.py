"""Read a saved HTML page: the podcast app's listing page, or one episode's post page.

A page becomes what a dump is, lines of text with their origin, so that one
profile, one repair and one parser serve both. What the markup knows besides
the text is kept beside the lines:

* Each outermost ``<article>`` is one episode: a listing page holds several, a
  post page one. The article's ``<header>`` gives the title (its first ``h1``
  to ``h3``) and the date (``<time datetime>``); the rest of the header, the
  article's footer, nav and forms, and everything outside articles are page
  chrome. A page without articles is read like a text dump, split by the
  profile's separator lines.
* Every block element (paragraph, list item, heading, table row, ...) is one
  line, and ``<br>`` breaks a line, as a browser shows them; a list item's line
  starts with ``* `` as in the dump. Runs of white space count as one space.
* Every ``<a href>`` to an http(s) URL is kept as a :class:`Link` of its line;
  :func:`attach_links` hands them to the notes blocks parsed from those lines.
* A line's number is its element's line in the HTML source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup, NavigableString, Tag

from ..config import SourceProfile
from ..model import Fix, Line, Link, NoteBlock, Origin, RawEpisode
from ..parse import Parsed
from .dump import SplitResult, split_dump

#: Elements that start a line of their own.
BLOCK = frozenset(
    "address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
#: Elements a reader never sees as text.
UNSEEN = frozenset("button head iframe input link meta noscript script select style svg template textarea title".split())
#: Parts of an article that frame the episode rather than tell it.
FRAME = frozenset({"header", "footer", "nav", "aside", "form"})
_SPACE = re.compile(r"[ \t\r\n\f]+")

Repair = Callable[[str], tuple[str, tuple[Fix, ...]]]


@dataclass(frozen=True)
class PageText:
    """One line of a page, repaired, with the links it holds."""

    line: Line
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class PageEpisode:
    """One episode's lines as the page shows them, with the facts its header gives."""

    texts: tuple[PageText, ...]
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Page:
    """A saved page read into lines: its episodes, and the lines that are page chrome."""

    episodes: tuple[PageEpisode, ...]
    chrome: tuple[Origin, ...] = ()
    #: False when the page has no ``<article>``: its one "episode" is the whole text, split like a dump.
    articles: bool = True


@dataclass
class _Run:
    """The line being gathered from inline content."""

    parts: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    number: int | None = None


def read_page(html: str, source: str, repair: Repair) -> Page:
    """Read a saved page into episodes of repaired lines."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.body or soup
    articles = [a for a in root.find_all("article") if a.find_parent("article") is None]
    if not articles:
        texts = _texts(_lines(root, skip=frozenset()), source, repair)
        return Page(episodes=(PageEpisode(texts),), articles=False)
    chrome = [t.line.origin for t in _texts(_lines(root, skip=frozenset({"article"})), source, repair)]
    episodes = []
    for article in articles:
        frame = [part for part in article.find_all(FRAME) if part.find_parent(FRAME) is None]
        header = next((part for part in frame if part.name == "header"), None)
        title_tag = header.find(["h1", "h2", "h3"]) if header else None
        title = _collapse(title_tag.get_text()) if title_tag else None
        for part in frame:
            chrome += [t.line.origin for t in _texts(_lines(part, skip=frozenset()), source, repair)]
        texts = _texts(_lines(article, skip=FRAME), source, repair)
        episodes.append(PageEpisode(texts, title=title or None, date=_date(header or article)))
    return Page(episodes=tuple(episodes), chrome=tuple(chrome))


def split_page(page: Page, profile: SourceProfile, source: str) -> tuple[SplitResult, tuple[PageEpisode, ...]]:
    """Make raw episodes of a page's articles; return them with the page episode each came from.

    Inside an article the profile's rules hold as in a dump: the subscription
    blurb and the interface's words are chrome, and a lone ``-`` after content
    marks a description the page cut short.
    """
    if not page.articles:
        lines = [text.line for text in page.episodes[0].texts]
        split = split_dump(lines, profile, source)
        return split, (page.episodes[0],) * len(split.episodes)
    result = SplitResult(chrome=list(page.chrome))
    kept: list[PageEpisode] = []
    for episode in page.episodes:
        content: list[Line] = []
        truncated = False
        for text in episode.texts:
            stripped = text.line.text.strip()
            if profile.separator.match(stripped) or stripped in profile.chrome_lines:
                result.separators += profile.separator.match(stripped) is not None
                result.chrome.append(text.line.origin)
            elif stripped == profile.truncation_line:
                result.chrome.append(text.line.origin)
                truncated = truncated or bool(content)
            else:
                content.append(text.line)
        if content:
            result.episodes.append(RawEpisode(tuple(content), source, len(result.episodes), truncated))
            kept.append(episode)
    return result, tuple(kept)


def attach_links(parsed: Parsed, episode: PageEpisode) -> Parsed:
    """Give each notes block the links of the page line it was parsed from.

    A paragraph that is nothing but one link becomes a ``link`` block (the
    dump loses such URLs: ``Full Talk on YouTube``); any other block keeps its
    kind, with ``url`` set to its first link when it had none.
    """
    by_origin: dict[Origin, list[PageText]] = {}
    for text in episode.texts:
        if text.links:
            by_origin.setdefault(text.line.origin, []).append(text)
    if not by_origin:
        return parsed
    notes = []
    for block in parsed.notes:
        source = next((t for t in by_origin.get(block.origin, ()) if block.text in t.line.text), None)
        notes.append(_with_links(block, source.links) if source else block)
    return replace(parsed, notes=tuple(notes))


def _with_links(block: NoteBlock, links: tuple[Link, ...]) -> NoteBlock:
    if block.kind == "paragraph" and len(links) == 1 and links[0].text == block.text:
        return replace(block, kind="link", url=links[0].url, links=links)
    return replace(block, url=block.url or links[0].url, links=links)


def _lines(root: Tag, skip: frozenset[str]) -> list[tuple[str, int | None, tuple[tuple[str, str], ...]]]:
    """Return root's lines as (text, source line, links), leaving out elements named in ``skip``."""
    out: list[tuple[str, int | None, tuple[tuple[str, str], ...]]] = []
    _walk(root, out, skip, bullet=False)
    return out


def _walk(element: Tag, out: list, skip: frozenset[str], bullet: bool) -> None:
    """Append the element's lines; with ``bullet``, its first line is a list item."""
    run = _Run()

    def flush() -> None:
        nonlocal bullet
        text = _collapse("".join(run.parts))
        if text:
            out.append((("* " if bullet else "") + text, run.number or element.sourceline, tuple(run.links)))
            bullet = False
        run.parts.clear()
        run.links.clear()
        run.number = None

    for child in element.children:
        if isinstance(child, Tag):
            if child.name in UNSEEN or child.name in skip:
                continue
            if child.name == "br":
                flush()
            elif child.name in BLOCK:
                flush()
                before = len(out)
                _walk(child, out, skip, bullet or child.name == "li")
                bullet = bullet and len(out) == before
            else:
                run.number = run.number or child.sourceline
                _inline(child, run)
        elif type(child) is NavigableString:
            run.parts.append(str(child))
    flush()


def _inline(element: Tag, run: _Run) -> None:
    """Add an inline element's text to the run, keeping its links."""
    if element.name in UNSEEN:
        return
    if element.name in {"td", "th"}:
        run.parts.append(" ")
    if element.name == "a" and re.match(r"^https?://", element.get("href", ""), re.IGNORECASE):
        text = _collapse(element.get_text())
        if text:
            run.links.append((text, element["href"].strip()))
    for child in element.children:
        if isinstance(child, Tag):
            _inline(child, run)
        elif type(child) is NavigableString:
            run.parts.append(str(child))


def _texts(lines: list, source: str, repair: Repair) -> tuple[PageText, ...]:
    """Repair each line and its links' words, keeping the line's origin."""
    texts = []
    for raw, number, links in lines:
        text, fixes = repair(raw)
        line = Line(text=text, origin=Origin(source, number or 0), raw=raw, fixes=tuple(fixes))
        texts.append(PageText(line, tuple(Link(repair(words)[0], url) for words, url in links)))
    return tuple(texts)


def _collapse(text: str) -> str:
    """Collapse white space as a browser shows it (a no-break space stays).

    >>> _collapse("  Agents \\n  in\\t2024\\u00a0! ")
    'Agents in 2024\\xa0!'
    """
    return _SPACE.sub(" ", text).strip()


def _date(element: Tag) -> str | None:
    """The date of the first ``<time datetime>`` in the element, as YYYY-MM-DD."""
    time = element.find("time", attrs={"datetime": True})
    if not time:
        return None
    try:
        return dt.date.fromisoformat(time["datetime"].strip()[:10]).isoformat()
    except ValueError:
        return None

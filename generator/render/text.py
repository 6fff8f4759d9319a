"""Make input text safe and literal in Markdown and HTML.

Scraped text is hostile by nature: whatever it holds (``<script>``, ``[a](b)``,
``{#id}``, ``{{ jinja }}``, ``<!-- -->``) must render as the characters a person
typed. Markdown text is escaped character by character; HTML text goes through
``html.escape``. Only ``http`` and ``https`` URLs ever become links.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import escape

from ..model import LOST

#: Python-Markdown's escapable characters (``Markdown.ESCAPED_CHARS``); escaping any
#: other character would leave a visible backslash.
#: Characters with a meaning anywhere in a line: emphasis, code, links, attribute lists.
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]])")
#: Markers that only mean something where a block starts: headings, lists, rules.
_MD_BLOCK_START = re.compile(r"^(\s*)([#+\-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
#: Closing hashes of an ATX heading, which Python-Markdown would drop.
_MD_TRAILING_HASHES = re.compile(r"(#+)(\s*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_URL = re.compile(r"https?://[^\s<>\"'\u00a0]+[^\s<>\"'\u00a0.,;:!?)\]]")
LOST_HTML = (
    '<span class="lost" role="img" aria-label="character lost in the scrape" '
    'title="A character was lost in the scrape and could not be recovered">\u25cc</span>'
)


def md_text(text: str) -> str:
    """Escape text so Python-Markdown shows it literally, wherever in a block it stands.

    Only what can mean something is escaped, so the inline pass has little to do
    (a backslash escape costs as much as an emphasis): emphasis, code, link and
    attribute-list characters everywhere; heading, list and rule markers where a
    block starts; closing hashes that a heading would swallow. ``<`` and ``&``
    become entities, so no HTML can form.

    >>> md_text("# not a heading [a](b) <b>x</b> & {#id}")
    '\\\\# not a heading \\\\[a\\\\](b) &lt;b&gt;x&lt;/b&gt; &amp; \\\\{#id\\\\}'
    >>> md_text("1. not a list, - nor this")
    '1\\\\. not a list, - nor this'
    >>> md_text("ends with ##")
    'ends with \\\\#\\\\#'
    """
    text = _CONTROL.sub("", text)
    text = html.escape(text, quote=False)
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    text = _MD_BLOCK_START.sub(r"\1\\\2", text, count=1)
    text = _MD_ORDERED.sub(r"\1\\\2", text, count=1)
    if text.endswith("#") or text.rstrip().endswith("#"):
        text = _MD_TRAILING_HASHES.sub(lambda m: "\\#" * len(m.group(1)) + m.group(2), text)
    return text.replace(LOST, LOST_HTML)


def html_text_links(text: str) -> str:
    """Escape text for HTML, turning bare http(s) URLs into links; nothing else becomes markup.

    >>> html_text_links("see https://x.com/a_b. <b>javascript:alert(1)</b>")
    'see <a href="https://x.com/a_b">https://x.com/a_b</a>. &lt;b&gt;javascript:alert(1)&lt;/b&gt;'
    """
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        out.append(html_text(text[pos : match.start()]))
        out.append(f'<a href="{html_attr(url)}">{html_text(url)}</a>' if safe_url(url) else html_text(url))
        pos = match.end()
    out.append(html_text(text[pos:]))
    return "".join(out)


def safe_url(url: str | None) -> str | None:
    """Return the URL if it is http or https, else None.

    >>> safe_url("javascript:alert(1)") is None, safe_url("https://a.b/c")
    (True, 'https://a.b/c')
    """
    if url and re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
        return url
    return None


def html_text(text: str) -> str:
    """Escape text for an HTML element or attribute.

    >>> html_text('<img src=x onerror="a">')
    '&lt;img src=x onerror=&quot;a&quot;&gt;'
    """
    return html.escape(_CONTROL.sub("", text), quote=True).replace(LOST, LOST_HTML)


def html_attr(text: str) -> str:
    """Escape text for an HTML attribute value (no markup at all).

    >>> html_attr('a "b" <c>')
    'a &quot;b&quot; &lt;c&gt;'
    """
    return html.escape(plain(text), quote=True)


def plain(text: str) -> str:
    """Return text for places that take no markup (titles, descriptions, JSON)."""
    if text.isprintable() and LOST not in text:
        return text  # the common case, without a regex pass
    return _CONTROL.sub("", text).replace(LOST, "\u25cc")



#: Front-matter values the theme prints into the page as they are (``<title>``, the
#: description meta tag, the header): written HTML-escaped, so scraped text stays text.
PRINTED_RAW = ("title", "description")


def front_matter(fields: dict[str, object]) -> str:
    """Write a page's YAML front matter; values are JSON, which YAML reads literally.

    ``title`` and ``description`` are HTML-escaped (see ``PRINTED_RAW``); a None is left out.

    >>> print(front_matter({"title": "Q&A", "date": None, "hide": ["toc"]}))
    ---
    title: "Q&amp;A"
    hide: ["toc"]
    ---
    """
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if key in PRINTED_RAW and isinstance(value, str):
            value = str(escape(value))
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)

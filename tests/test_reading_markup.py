"""The reading list's moment links are valid HTML: no block inside a phrasing element (issue 16)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.model import Mention
from generator.reading.render import PAGE_MOMENTS, _moments_html

#: Elements that may hold only phrasing content (HTML's content models).
PHRASING_ONLY = {"span", "a", "p", "summary", "em", "strong", "small", "code", "label"}
#: Elements that are flow content only, never phrasing.
FLOW_ONLY = {"details", "div", "ul", "ol", "li", "p", "section", "h3"}


def _mentions(count: int) -> tuple[Mention, ...]:
    return tuple(Mention(f"t=00:00:{n:02d}", n, f"snippet {n}") for n in range(count))


def test_folded_moments_sit_in_a_block_not_a_span():
    html = _moments_html(_mentions(PAGE_MOMENTS + 3), PAGE_MOMENTS)
    soup = BeautifulSoup(html, "html.parser")
    details = soup.find("details")
    assert details is not None and len(details.find_all("a")) == 3
    for element in soup.find_all(FLOW_ONLY):
        for parent in element.parents:
            assert parent.name not in PHRASING_ONLY, f"<{element.name}> inside <{parent.name}>"


def test_moments_keep_their_links_and_label():
    soup = BeautifulSoup(_moments_html(_mentions(2), PAGE_MOMENTS), "html.parser")
    block = soup.find(class_="rl-moments")
    assert block.name == "div"
    assert [a["href"] for a in block.find_all("a")] == ["#t=00:00:00", "#t=00:00:01"]
    assert block.find(class_="rl-moments-label").get_text() == "Comes up at"

"""Make a feed's HTML safe before any of it is read: a feed is untrusted input.

Show notes (``content:encoded``, ``description``) and saved post pages come
from whoever publishes the feed. They pass through ``nh3`` (the Python binding
of the Rust ``ammonia`` sanitiser) before the HTML reader sees them, so no
script, style, event handler, ``javascript:`` URL, frame or form from a feed
can reach a page; the text around them stays. The HTML reader then keeps only
text and http(s) links, a second wall.
"""

from __future__ import annotations

import nh3

#: ammonia's well-kept defaults, plus what the HTML reader uses to find an
#: episode's title and date on a post page (``<time datetime>``).
ALLOWED_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "time": {"datetime"}}
#: Only links a reader can follow safely; relative links have no base once stored.
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """Return the HTML with everything that could run or frame removed, its text kept.

    >>> sanitise_html('<p>Before <script>alert(1)</script><a href="javascript:alert(1)">link</a> after</p>')
    '<p>Before <a rel="noopener noreferrer">link</a> after</p>'
    >>> sanitise_html('<img src="x.png" onerror="alert(1)">')
    '<img src="x.png">'
    """
    return nh3.clean(html, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)

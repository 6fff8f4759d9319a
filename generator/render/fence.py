"""Generated HTML that Python-Markdown passes through untouched: a SuperFences custom fence.

The transcript's segments are HTML the generator wrote and escaped itself. Left
as raw HTML in the Markdown, Python-Markdown would parse every tag of them again
(``md_in_html`` builds a tree of them), which took most of a build's time. In a
fence of the kind ``talk-html`` they are stashed as they are: the site source's
``mkdocs.yml`` names :func:`raw_html` as the fence's formatter, a setting of
``pymdownx.superfences`` that Zensical documents as supported (``custom_fences``).
"""

from __future__ import annotations

#: The fence's name in the Markdown (```` ```talk-html ````).
FENCE = "talk-html"
#: How mkdocs.yml names the formatter.
FORMATTER = "generator.render.fence.raw_html"


def raw_html(source: str, language: str, class_name: str, options: dict, md, **kwargs) -> str:
    """Return the fence's content as the page's HTML: it was built and escaped by the generator.

    >>> raw_html('<div class="seg">a &amp; b</div>', "talk-html", "talk-html", {}, None)
    '<div class="seg">a &amp; b</div>'
    """
    return source


def html_fence(html: str) -> str:
    """Put HTML the generator built and escaped (no line starting with a backtick) in a ``talk-html`` fence.

    >>> print(html_fence("<p>a</p>"))
    ```talk-html
    <p>a</p>
    ```
    """
    return f"```{FENCE}\n{html}\n```"

"""Markdown to safe HTML: markdown-it (CommonMark, raw HTML off, links validated), then nh3 with
an allow-list, so neither an article's author nor a pasted reply can put script, styles, event
handlers or foreign markup on a page. Every link gets rel="nofollow noopener noreferrer".
Pure: no Django.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

LINK_REL = "nofollow noopener noreferrer"
TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False escapes any raw HTML in the source; tables are the one extension we enable.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(source: str) -> str:
    """Sanitised HTML of Markdown `source` (h1 is demoted: the page's title is the only h1)."""
    rendered = _parser().render(source or "")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return str(
        nh3.clean(
            rendered,
            tags=set(TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        )
    )


def plain_text(source: str) -> str:
    """The words of Markdown `source` without markup: what the search index holds."""
    stripped = nh3.clean(_parser().render(source or ""), tags=set())
    return " ".join(html.unescape(str(stripped)).split())

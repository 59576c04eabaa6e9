"""Links in messages are clickable (issue 12), and a message still carries no markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

REL = 'rel="nofollow noopener noreferrer"'


def render(body: str) -> str:
    return Template("{% load desk_text %}{{ body|linkify }}").render(Context({"body": body}))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "See https://docs.example/guide?a=1&b=2 now.",
            f'See <a href="https://docs.example/guide?a=1&amp;b=2" {REL}>'
            "https://docs.example/guide?a=1&amp;b=2</a> now.",
        ),
        (
            "Write to help@shop.example",
            f'Write to <a href="mailto:help@shop.example" {REL}>help@shop.example</a>',
        ),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("line one\nline two", "line one\nline two"),
    ],
)
def test_linkify(body, expected):
    assert render(body) == expected


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, sorted(name for name, _ in attrs)))


def test_linkify_never_lets_markup_through():
    # given text that tries to break out of a link and to add an element
    hostile = '"><img src=x onerror=alert(1)> www.evil.example/"onmouseover="x <b>bold</b>'
    # when
    tags = Tags()
    tags.feed(render(hostile))
    # then the only element is the link, with its href and rel and nothing else
    assert tags.seen == [("a", ["href", "rel"])]

"""Article Markdown becomes safe HTML: no raw HTML, no script, only allow-listed tags and links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from desk.kb import markdown

XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "![x](https://evil.example/x.png)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<!-- <script>alert(1)</script> -->",
    "[x](java\tscript:alert(1))",
    '[x](https://ok.example "t\\" onmouseover=\\"alert(1))',
]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


@pytest.mark.parametrize("source", XSS_VECTORS)
def test_no_vector_survives(source):
    # when a hostile source is rendered
    html = markdown.render(source)
    parsed = Tags()
    parsed.feed(html)
    # then only allow-listed tags and attributes remain, and links are web or mail links
    for tag, attrs in parsed.found:
        assert tag in markdown.TAGS
        for name, value in attrs:
            assert name in markdown.ATTRIBUTES.get(tag, set()) | {"rel"}
            if name == "href":
                assert (value or "").split(":", 1)[0] in {"http", "https", "mailto"}
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text():
    assert markdown.render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_links_get_rel_nofollow_noopener():
    html = markdown.render("See [the docs](https://docs.example/setup).")
    assert html == (
        '<p>See <a href="https://docs.example/setup" rel="nofollow noopener noreferrer">'
        "the docs</a>.</p>\n"
    )


def test_markdown_structure_is_kept_and_h1_demoted():
    html = markdown.render("# Title\n\n- one\n- two\n\n`code` and **bold**\n\n```\nx = 1\n```")
    assert html == (
        "<h2>Title</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<p><code>code</code> and <strong>bold</strong></p>\n<pre><code>x = 1\n</code></pre>\n"
    )


def test_plain_text_for_the_index():
    assert markdown.plain_text(
        "# Payments\n\nUse **Stripe** &amp; [PayPal](https://p.example)."
    ) == ("Payments Use Stripe & PayPal.")

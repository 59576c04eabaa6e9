"""`{{ message.body|linkify }}`: plain text with its web and mail addresses made links;
`{{ hit.snippet|snippet }}`: a search snippet with its matches in `<mark>`.

The text is escaped and linked by Django's `urlize`, then the result goes through nh3, which
keeps nothing but `<a href>` with an http(s) or mailto address and sets
`rel="nofollow noopener noreferrer"` on every link: a message can never carry markup of its own,
and a link in it neither passes ranking nor hands the opened page our window.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import nh3
from django import template
from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

LINK_REL = "nofollow noopener noreferrer"


@register.filter
def linkify(text: object) -> SafeString:
    linked = urlize(str(text or ""), autoescape=True)
    clean = nh3.clean(
        linked,
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(clean)  # noqa: S308 — nh3 output: only <a href rel> survives


@register.filter
def snippet(fragments: Iterable[Any]) -> SafeString:
    """A search snippet's fragments (`.text`, `.is_match`), escaped, the matches marked."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", part.text) if part.is_match else part.text,)
            for part in fragments
        ),
    )

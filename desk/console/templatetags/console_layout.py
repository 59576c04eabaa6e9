"""The console header's links, drawn in Python: `{% console_header_links %}` (console/base.html).

Every console page drew them through the template engine: thirteen `{% url %}` and
`{% translate %}` tags and a dozen `{% if %}`s, 1.2 ms of CPU on each page, half of the layout.
Here they are a list of (address, words, current) joined once; the markup is the one the
template drew, byte for byte (desk/console/tests/test_console_layout.py renders that template
beside it for each kind of user, every console page, in English and Russian).
"""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from desk.core.addresses import page_address

register = template.Library()

# Each line of the header: (URL name, words, the pages it is current on, who sees it). One line
# may hold two links (Calls and Search are shown together).
_ENGINEERS, _EVERYONE, _STAFF = "engineers", "everyone", "staff"
_LINES: tuple[tuple[tuple[tuple[str, Promise, frozenset[str]], ...], str], ...] = (
    ((("console:queue", _("Queue"), frozenset({"console:queue", "console:ticket"})),), _ENGINEERS),
    (
        (
            (
                "console:kb",
                _("Knowledge base"),
                frozenset({"console:kb", "console:kb_edit", "console:kb_new"}),
            ),
        ),
        _ENGINEERS,
    ),
    ((("console:orders", _("Orders"), frozenset({"console:orders", "console:order"})),), _EVERYONE),
    (
        (
            (
                "console:reports",
                _("Reports"),
                frozenset(
                    {
                        "console:reports",
                        "console:sla_report",
                        "console:reply_times",
                        "console:backlog",
                        "console:fair_use",
                        "console:revenue",
                        "console:calls_report",
                    }
                ),
            ),
        ),
        _EVERYONE,
    ),
    (
        (
            ("console:calls", _("Calls"), frozenset({"console:calls"})),
            ("console:search", _("Search"), frozenset({"console:search"})),
        ),
        _ENGINEERS,
    ),
    (
        (("console:schedule", _("My shifts and leave"), frozenset({"console:schedule"})),),
        _ENGINEERS,
    ),
    ((("mail:staff_held_mails", _("Held mail"), frozenset({"mail:staff_held_mails"})),), _EVERYONE),
    (
        (("console:webhooks", _("Webhooks"), frozenset({"console:webhooks", "console:webhook"})),),
        _EVERYONE,
    ),
    ((("console:api_tokens", _("API tokens"), frozenset({"console:api_tokens"})),), _EVERYONE),
    (
        (("console:two_factor", _("Two-factor sign-in"), frozenset({"console:two_factor"})),),
        _EVERYONE,
    ),
    ((("admin:index", _("Administration"), frozenset()),), _STAFF),
    ((("portal:home", _("Customer site"), frozenset()),), _EVERYONE),
)


def _link(name: str, words: Promise, current: bool) -> str:
    mark = ' aria-current="page"' if current else ""
    address = html.escape(page_address(name))
    return f'<li><a href="{address}"{mark}>{html.escape(str(words))}</a></li>'


@register.simple_tag(takes_context=True)
def console_header_links(context: template.Context) -> SafeString:
    """The header's `<li>` links for the viewer: the engineers' sections to active engineers,
    the administration to staff, the current page's section marked `aria-current`."""
    request: Any = context.get("request")
    match = getattr(request, "resolver_match", None)
    page = getattr(match, "view_name", "") or ""
    user = getattr(request, "user", None)
    shown = {
        _ENGINEERS: bool(getattr(user, "is_engineer", False)),
        _EVERYONE: True,
        _STAFF: bool(getattr(user, "is_staff", False)),
    }
    lines = [
        "\n".join(_link(name, words, page in pages) for name, words, pages in links)
        if shown[who]
        else ""
        for links, who in _LINES
    ]
    return mark_safe("\n" + "\n".join(lines) + "\n\n")  # noqa: S308 — escaped in _link

"""Search results drawn in Python: `{% search_hits results.hits "console:ticket" "console" %}`.

A page of 20 hits through the template engine cost two includes and some 30 variable lookups a
hit, about a third of the console's search page. Here a hit is a few escaped string joins; the
markup is the one `includes/search_results.html` drew per hit (desk/tickets/tests/
test_search_hits_tag.py compares the two). `facts` names the line under the snippet: the
console's (status, customer, store, department, language, assignee) or the portal's (status,
Hotrush, store, last change).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from desk.core import formatting
from desk.core.addresses import address_pattern
from desk.core.templatetags.desk_text import snippet

register = template.Library()


def _console_facts(ticket: Any) -> SafeString:
    assignee = ticket.assignee.user.display_name if ticket.assignee else gettext("nobody")
    # A department request has no store: no empty place between two dots.
    store = format_html("{} · ", ticket.store.canonical_url) if ticket.store else ""
    return format_html(
        '<span class="badge {}">{}</span> {} · {}{} · {} · {}',
        ticket.status,
        ticket.get_status_display(),
        ticket.customer.email,
        store,
        ticket.department.localized_name(get_language() or "en"),
        ticket.language.upper(),
        assignee,
    )


def _portal_facts(ticket: Any) -> SafeString:
    hotrush = (
        format_html(' <span class="badge hotrush">{}</span>', gettext("Hotrush"))
        if ticket.is_hotrush
        else ""
    )
    store = format_html("{} · ", ticket.store.canonical_url) if ticket.store else ""
    return format_html(
        '<span class="badge {}">{}</span>{} {}<time datetime="{}">{}</time>',
        ticket.status,
        ticket.get_status_display(),
        hotrush,
        store,
        date_filter(ticket.updated_at, "c"),
        formatting.format_moment(ticket.updated_at),
    )


_FACTS: dict[str, Callable[[Any], SafeString]] = {
    "console": _console_facts,
    "portal": _portal_facts,
}


@register.simple_tag
def search_hits(hits: Sequence[Any], ticket_url: str, facts: str) -> SafeString:
    """One `<li class="card">` per hit: the reference and subject linking to the request, the
    snippet with its matches marked, and the facts line."""
    draw_facts = _FACTS[facts]
    link = address_pattern(ticket_url)
    return format_html_join(
        "\n",
        '<li class="card" data-ticket="{}">\n    <h2><a href="{}">{} {}</a></h2>\n'
        '    <p class="snippet">{}</p>\n    <p class="muted">{}</p>\n  </li>',
        (
            (
                hit.ticket.pk,
                link(hit.ticket.pk),
                hit.ticket.reference,
                hit.ticket.subject,
                snippet(hit.snippet),
                draw_facts(hit.ticket),
            )
            for hit in hits
        ),
    )

"""The queue's rows, drawn in Python: `{% queue_row ticket countdown %}`, `{% countdown_cell
ticket countdown %}` and `{{ ticket|entitlement_label }}`.

A queue page draws 25 rows of 11 cells; through the template engine each row cost about 0.4 ms
of CPU (some 50 variable lookups, three includes, a dozen `{% translate %}` tags), a third of the
page. Here a row costs a few string joins: the labels are translated once per language and
request, the request address is reversed once, and every value is escaped by `format_html`.
The markup is the one the templates drew (tests/browser/test_layout.py and the console tests
read it); the ticket page and the styleguide use the same tags, so it lives in one place.
"""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

from desk.core import formatting
from desk.core.templatetags.desk_format import breakable

register = template.Library()


class Countdown(Protocol):
    text: str
    is_overdue: bool
    is_urgent: bool
    is_paused: bool


@register.filter
def entitlement_label(ticket: Any) -> str:
    """What the request runs on, in words: a subscription, a Normal or an Urgent incident, or
    nothing needed (a department request)."""
    if ticket.entitlement_kind == "none":
        return gettext("No entitlement needed (department request)")
    if ticket.entitlement_kind == "subscription":
        return gettext("Subscription")
    if ticket.credit_priority == "urgent":
        return gettext("Urgent incident")
    return gettext("Normal incident")


@register.simple_tag
def countdown_cell(ticket: Any, countdown: Countdown | None) -> SafeString:
    """The reply-due cell: the working time left (urgent under an hour, overdue in real time)
    and the due moment in the viewer's zone, "paused: …" while the customer is awaited, or "no
    reply owed"."""
    if ticket.reply_due_at:
        state = ""
        if countdown is not None and countdown.is_overdue:
            state = " overdue"
        elif countdown is not None and countdown.is_urgent:
            state = " urgent"
        due = timezone.localtime(ticket.reply_due_at)
        return format_html(
            '<span class="countdown{}" data-countdown>{}</span><br><time class="muted" '
            'datetime="{}" title="{} ({})">{}</time>',
            state,
            countdown.text if countdown is not None else "",
            due.isoformat(),
            formatting.format_moment(due),
            formatting.format_time_zone(),
            formatting.format_weekday_time(due),
        )
    if countdown is not None and countdown.is_paused:
        return format_html('<span class="countdown paused">{}</span>', countdown.text)
    return format_html('<span class="muted">{}</span>', gettext("no reply owed"))


class _Labels:
    """The row's fixed words in one language, translated once."""

    def __init__(self) -> None:
        self.select = gettext("Select")
        self.due = gettext("Reply due")
        self.reference = gettext("Reference")
        self.subject = gettext("Subject")
        self.customer = gettext("Customer")
        self.store = gettext("Store")
        self.language = gettext("Language")
        self.entitlement = gettext("Entitlement")
        self.status = gettext("Status")
        self.assignee = gettext("Assignee")
        self.age = gettext("Age")
        self.nobody = gettext("nobody")
        self.hotrush = gettext("Hotrush")
        self.select_one = gettext("Select %(reference)s")
        self.ago = gettext("%(age)s ago")
        # the request page's address with a stand-in id, reversed once per table
        self.link = reverse("console:ticket", args=[987654321])


def _labels(context: template.Context) -> _Labels:
    """The labels of the active language, kept in the render context for the table's rows."""
    key = f"_queue_labels_{get_language()}"
    labels = context.render_context.get(key)
    if labels is None:
        labels = context.render_context[key] = _Labels()
    return labels


def _related(ticket: Any, name: str) -> Any:
    """A related object or None, as a template reads it (the styleguide's unsaved samples
    have none of some)."""
    try:
        return getattr(ticket, name)
    except ObjectDoesNotExist:
        return None


@register.simple_tag(takes_context=True)
def queue_row(context: template.Context, ticket: Any, countdown: Countdown | None) -> SafeString:
    """One request in the queue table, as `<tr>` with a labelled cell per column."""
    labels = _labels(context)
    pk = ticket.pk
    reference = ticket.reference
    if store := _related(ticket, "store"):
        store = breakable(store.display_url)
    else:  # a department request
        department = _related(ticket, "department")
        name = department.localized_name(get_language() or "en") if department else ""
        store = format_html('<span class="muted">{}</span>', name)
    hotrush = (
        format_html(' <span class="badge hotrush">{}</span>', labels.hotrush)
        if ticket.is_hotrush
        else ""
    )
    if engineer := _related(ticket, "assignee"):
        assignee = format_html("{}", engineer.user.display_name)
    else:
        assignee = format_html('<span class="muted">{}</span>', labels.nobody)
        if ticket.unrouted_reason:
            assignee += format_html(
                '<br><small class="muted" data-unrouted="{}">{}</small>',
                ticket.unrouted_reason,
                ticket.get_unrouted_reason_display(),
            )
    created = timezone.localtime(ticket.created_at)
    return format_html(
        '<tr data-ticket="{pk}">\n'
        '  <td class="pick" data-label="{l_select}"><input type="checkbox" name="tickets" '
        'value="{pk}" form="bulk-form" id="pick-{pk}" hx-preserve="true" aria-label="{select}">'
        "</td>\n"
        '  <td class="due" data-label="{l_due}">{due}</td>\n'
        '  <td class="ref" data-label="{l_reference}"><a href="{link}">{reference}</a></td>\n'
        '  <td data-label="{l_subject}">{subject}</td>\n'
        '  <td data-label="{l_customer}">{customer}</td>\n'
        '  <td data-label="{l_store}" class="addr">{store}</td>\n'
        '  <td data-label="{l_language}">{language}</td>\n'
        '  <td data-label="{l_entitlement}">{entitlement}</td>\n'
        '  <td data-label="{l_status}"><span class="badge {status}">{status_label}</span>'
        "{hotrush}</td>\n"
        '  <td data-label="{l_assignee}">{assignee}</td>\n'
        '  <td data-label="{l_age}"><time datetime="{created}" title="{created_moment}">{age}'
        "</time></td>\n"
        "</tr>\n",
        pk=pk,
        l_select=labels.select,
        select=labels.select_one % {"reference": reference},
        l_due=labels.due,
        due=countdown_cell(ticket, countdown),
        l_reference=labels.reference,
        link=labels.link.replace("987654321", str(pk)),
        reference=reference,
        l_subject=labels.subject,
        subject=ticket.subject,
        l_customer=labels.customer,
        customer=ticket.customer.display_name,
        l_store=labels.store,
        store=store,
        l_language=labels.language,
        language=ticket.language.upper(),
        l_entitlement=labels.entitlement,
        entitlement=entitlement_label(ticket),
        l_status=labels.status,
        status=ticket.status,
        status_label=ticket.get_status_display(),
        hotrush=hotrush,
        l_assignee=labels.assignee,
        assignee=assignee,
        l_age=labels.age,
        created=created.isoformat(),
        created_moment=formatting.format_moment(created),
        age=labels.ago % {"age": timesince(ticket.created_at)},
    )

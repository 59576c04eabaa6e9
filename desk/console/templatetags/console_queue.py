"""The queue's rows, drawn in Python: `{% queue_row ticket countdown %}`, `{% countdown_cell
ticket countdown %}` and `{{ ticket|entitlement_label }}`.

A queue page draws 25 rows of 11 cells; through the template engine each row cost about 0.4 ms
of CPU (some 50 variable lookups, three includes, a dozen `{% translate %}` tags). Here a row is
one f-string: everything that is the same on every row (column labels, status and entitlement
words, the zone's name, the request address) is translated and escaped once per table
(`_Labels`), and each row escapes only its own values, as `format_html` would (`_esc`: a safe
string as it is, anything else through `html.escape`). The markup is the one the templates drew
(desk/console/tests/test_queue_rows.py compares it with the `format_html` drawing; the browser
and console tests read it); the ticket page and the styleguide use the same tags.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any, Protocol

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import get_language, gettext

from desk.core import formatting
from desk.core.addresses import address_pattern
from desk.core.templatetags.desk_format import breakable
from desk.tickets.models import Status, UnroutedReason

register = template.Library()


class Countdown(Protocol):
    text: str
    is_overdue: bool
    is_urgent: bool
    is_paused: bool


def _esc(value: object) -> str:
    """`conditional_escape` without the lazy-argument checks around each call: a safe string
    as it is, anything else (a lazy translation first made text) escaped by `html.escape`."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


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


def _due_cell(
    ticket: Any, countdown: Countdown | None, *, language: str, zone_name: str, no_reply: str
) -> str:
    """The reply-due cell's markup (escaped): see `countdown_cell`."""
    text = _esc(countdown.text) if countdown is not None else ""
    if ticket.reply_due_at:
        state = ""
        if countdown is not None and countdown.is_overdue:
            state = " overdue"
        elif countdown is not None and countdown.is_urgent:
            state = " urgent"
        due = timezone.localtime(ticket.reply_due_at)
        moment = formatting.format_moment(due, language=language, zone=due.tzinfo)
        weekday = formatting.format_weekday_time(due, language=language, zone=due.tzinfo)
        return (
            f'<span class="countdown{state}" data-countdown>{text}</span><br><time class="muted" '
            f'datetime="{due.isoformat()}" title="{_esc(moment)} ({zone_name})">'
            f"{_esc(weekday)}</time>"
        )
    if countdown is not None and countdown.is_paused:
        return f'<span class="countdown paused">{text}</span>'
    return no_reply


@register.simple_tag
def countdown_cell(ticket: Any, countdown: Countdown | None) -> SafeString:
    """The reply-due cell: the working time left (urgent under an hour, overdue in real time)
    and the due moment in the viewer's zone, "paused: …" while the customer is awaited, or "no
    reply owed"."""
    cell = _due_cell(
        ticket,
        countdown,
        language=formatting.language_of(),
        zone_name=_esc(formatting.format_time_zone()),
        no_reply=f'<span class="muted">{_esc(gettext("no reply owed"))}</span>',
    )
    return mark_safe(cell)  # noqa: S308 — every value in it is escaped by _esc


class _Plural:
    """One of timesince's "%(num)d days" with each number's words kept for the table: the
    lazy plural is translated once per number instead of once per row."""

    def __init__(self, lazy: Any) -> None:
        self._lazy = lazy
        self._done: dict[int, str] = {}

    def __mod__(self, values: dict[str, int]) -> str:
        number = values["num"]
        found = self._done.get(number)
        if found is None:
            found = self._done[number] = str(self._lazy % values)
        return found


class _Labels:
    """What every row of the table shows alike, in one language and zone: translated once and
    escaped (each attribute is markup, ready to join)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.select = _esc(gettext("Select"))
        self.due = _esc(gettext("Reply due"))
        self.reference = _esc(gettext("Reference"))
        self.subject = _esc(gettext("Subject"))
        self.customer = _esc(gettext("Customer"))
        self.store = _esc(gettext("Store"))
        self.language_label = _esc(gettext("Language"))
        self.entitlement = _esc(gettext("Entitlement"))
        self.status = _esc(gettext("Status"))
        self.assignee = _esc(gettext("Assignee"))
        self.age = _esc(gettext("Age"))
        self.nobody = f'<span class="muted">{_esc(gettext("nobody"))}</span>'
        self.hotrush = f' <span class="badge hotrush">{_esc(gettext("Hotrush"))}</span>'
        self.no_reply = f'<span class="muted">{_esc(gettext("no reply owed"))}</span>'
        self.select_one = gettext("Select %(reference)s")
        self.ago = gettext("%(age)s ago")
        self.zone_name = _esc(formatting.format_time_zone())
        self.statuses = {value: _esc(label) for value, label in Status.choices}
        self.unrouted = {value: _esc(label) for value, label in UnroutedReason.choices}
        self.entitlements = {
            "none": _esc(gettext("No entitlement needed (department request)")),
            "subscription": _esc(gettext("Subscription")),
            "urgent": _esc(gettext("Urgent incident")),
            "normal": _esc(gettext("Normal incident")),
        }
        # timesince takes any mapping of "%"-formattable words
        self.time_strings: dict[str, Any] = {
            unit: _Plural(words) for unit, words in TIME_STRINGS.items()
        }
        self.ticket_link = address_pattern("console:ticket")

    def entitlement_of(self, ticket: Any) -> str:
        """`entitlement_label`, from the words above."""
        kind = ticket.entitlement_kind
        if kind in ("none", "subscription"):
            return self.entitlements[kind]
        return self.entitlements["urgent" if ticket.credit_priority == "urgent" else "normal"]


def _labels(context: template.Context) -> _Labels:
    """The labels of the active language and zone, kept in the render context for the table."""
    active = get_language()
    key = f"_queue_labels_{active}_{timezone.get_current_timezone_name()}"
    labels = context.render_context.get(key)
    if labels is None:
        labels = context.render_context[key] = _Labels(formatting.language_of(active))
    return labels


def _related(ticket: Any, name: str) -> Any:
    """A related object or None, as a template reads it (the styleguide's unsaved samples
    have none of some)."""
    try:
        return getattr(ticket, name)
    except ObjectDoesNotExist:
        return None


def _store_cell(ticket: Any) -> str:
    if store := _related(ticket, "store"):
        return str(breakable(store.display_url))
    department = _related(ticket, "department")  # a department request
    name = department.localized_name(get_language() or "en") if department else ""
    return f'<span class="muted">{_esc(name)}</span>'


def _assignee_cell(ticket: Any, labels: _Labels) -> str:
    if engineer := _related(ticket, "assignee"):
        return _esc(engineer.user.display_name)
    cell = labels.nobody
    if reason := ticket.unrouted_reason:
        words = labels.unrouted.get(reason) or _esc(reason)
        cell += f'<br><small class="muted" data-unrouted="{_esc(reason)}">{words}</small>'
    return cell


def _moment(value: datetime, labels: _Labels) -> str:
    return formatting.format_moment(value, language=labels.language, zone=value.tzinfo)


@register.simple_tag(takes_context=True)
def queue_row(context: template.Context, ticket: Any, countdown: Countdown | None) -> SafeString:
    """One request in the queue table, as `<tr>` with a labelled cell per column."""
    labels = _labels(context)
    pk = ticket.pk
    reference = ticket.reference
    status = ticket.status
    created = timezone.localtime(ticket.created_at)
    due = _due_cell(
        ticket,
        countdown,
        language=labels.language,
        zone_name=labels.zone_name,
        no_reply=labels.no_reply,
    )
    age = labels.ago % {"age": timesince(ticket.created_at, time_strings=labels.time_strings)}
    row = (
        f'<tr data-ticket="{pk}">\n'
        f'  <td class="pick" data-label="{labels.select}"><input type="checkbox" name="tickets" '
        f'value="{pk}" form="bulk-form" id="pick-{pk}" hx-preserve="true" '
        f'aria-label="{_esc(labels.select_one % {"reference": reference})}"></td>\n'
        f'  <td class="due" data-label="{labels.due}">{due}</td>\n'
        f'  <td class="ref" data-label="{labels.reference}"><a href="'
        f'{_esc(labels.ticket_link(pk))}">{_esc(reference)}</a></td>\n'
        f'  <td data-label="{labels.subject}">{_esc(ticket.subject)}</td>\n'
        f'  <td data-label="{labels.customer}">{_esc(ticket.customer.display_name)}</td>\n'
        f'  <td data-label="{labels.store}" class="addr">{_store_cell(ticket)}</td>\n'
        f'  <td data-label="{labels.language_label}">{_esc(ticket.language.upper())}</td>\n'
        f'  <td data-label="{labels.entitlement}">{labels.entitlement_of(ticket)}</td>\n'
        f'  <td data-label="{labels.status}"><span class="badge {_esc(status)}">'
        f"{labels.statuses.get(status) or _esc(status)}</span>"
        f"{labels.hotrush if ticket.is_hotrush else ''}</td>\n"
        f'  <td data-label="{labels.assignee}">{_assignee_cell(ticket, labels)}</td>\n'
        f'  <td data-label="{labels.age}"><time datetime="{created.isoformat()}" '
        f'title="{_esc(_moment(created, labels))}">{_esc(age)}</time></td>\n'
        "</tr>\n"
    )
    return mark_safe(row)  # noqa: S308 — every value in it is escaped by _esc

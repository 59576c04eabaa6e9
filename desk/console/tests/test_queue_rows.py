"""The queue's rows drawn as f-strings (desk/console/templatetags/console_queue.py) are the markup
the `format_html` drawing gave, byte for byte, in English and Russian and in several zones, for
every kind of row; and every value a person typed is escaped."""

from __future__ import annotations

import itertools
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

from desk.accounts.models import Department, Engineer, User
from desk.console.templatetags.console_queue import entitlement_label
from desk.core import formatting
from desk.core.templatetags.desk_format import breakable
from desk.stores.models import Store
from desk.tickets.models import Status, Ticket, UnroutedReason

EVIL = "<b>\"Tom\" & 'Jerry'</b>"


@dataclass(frozen=True)
class Left:
    text: str
    is_overdue: bool
    is_urgent: bool
    is_paused: bool = False


COUNTDOWNS = [
    None,
    Left("1 h 20 min left", False, False),
    Left("20 min left", False, True),
    Left("overdue by 15 min", True, True),
    Left("paused: 2 h left", False, False, True),
    Left(EVIL, False, False),
]


def _reference_due(ticket, countdown) -> str:
    """The reply-due cell as `format_html` drew it."""
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


def _reference_row(ticket, countdown) -> str:
    """One row as `format_html` drew it (the queue's drawing before the f-strings)."""
    pk = ticket.pk
    reference = ticket.reference
    if _has(ticket, "store"):
        store = breakable(ticket.store.display_url)
    else:
        name = ticket.department.localized_name(get_language() or "en")
        store = format_html('<span class="muted">{}</span>', name)
    hotrush = (
        format_html(' <span class="badge hotrush">{}</span>', gettext("Hotrush"))
        if ticket.is_hotrush
        else ""
    )
    if _has(ticket, "assignee"):
        assignee = format_html("{}", ticket.assignee.user.display_name)
    else:
        assignee = format_html('<span class="muted">{}</span>', gettext("nobody"))
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
        l_select=gettext("Select"),
        select=gettext("Select %(reference)s") % {"reference": reference},
        l_due=gettext("Reply due"),
        due=_reference_due(ticket, countdown),
        l_reference=gettext("Reference"),
        link=reverse("console:ticket", args=[pk]),
        reference=reference,
        l_subject=gettext("Subject"),
        subject=ticket.subject,
        l_customer=gettext("Customer"),
        customer=ticket.customer.display_name,
        l_store=gettext("Store"),
        store=store,
        l_language=gettext("Language"),
        language=ticket.language.upper(),
        l_entitlement=gettext("Entitlement"),
        entitlement=entitlement_label(ticket),
        l_status=gettext("Status"),
        status=ticket.status,
        status_label=ticket.get_status_display(),
        hotrush=hotrush,
        l_assignee=gettext("Assignee"),
        assignee=assignee,
        l_age=gettext("Age"),
        created=created.isoformat(),
        created_moment=formatting.format_moment(created),
        age=gettext("%(age)s ago") % {"age": timesince(ticket.created_at)},
    )


def _has(ticket, name) -> bool:
    return ticket._state.fields_cache.get(name) is not None


def _tickets(now: datetime) -> list[Ticket]:
    """Unsaved requests covering each cell's cases, with markup in everything people type."""
    customer = User(full_name=EVIL, email="tom&jerry@example.com")
    plain = User(full_name="", email="anna.becker@example.com")
    engineer = Engineer(user=User(full_name=EVIL + " Erin", email="erin@example.com"))
    department = Department(code="sales", name="Sales & <Co>", name_ru="Продажи «и» <Ко>")
    stores = [
        Store(canonical_url='shop.example/"><script>x</script>'),
        Store(canonical_url="xn--80aairftm.xn--p1ai/shop"),
        None,
    ]
    kinds = [("subscription", ""), ("incident", "urgent"), ("incident", "normal"), ("none", "")]
    statuses = [*Status.values, "mystery<"]
    reasons = ["", *UnroutedReason.values, "odd<reason>"]
    tickets = []
    for number, (store, kind, status, reason, hotrush, assigned, due, age) in enumerate(
        itertools.product(
            stores,
            kinds,
            statuses,
            reasons,
            (False, True),
            (False, True),
            (None, timedelta(minutes=-17), timedelta(hours=30, minutes=5)),
            (timedelta(seconds=40), timedelta(days=1, hours=2), timedelta(days=400)),
        )
    ):
        if number % 17:  # one in 17 of the combinations, spread over all of them
            continue
        ticket = Ticket(
            pk=number + 1,
            subject=EVIL if number % 2 else "Checkout & payments",
            customer=customer if number % 3 else plain,
            department=department,
            store=store,
            language="ru" if number % 2 else "en",
            entitlement_kind=kind[0],
            credit_priority=kind[1],
            status=status,
            is_hotrush=hotrush,
            assignee=engineer if assigned else None,
            unrouted_reason=reason,
            created_at=now - age,
            reply_due_at=None if due is None else now + due,
        )
        tickets.append(ticket)
    return tickets


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("zone", ["Europe/Moscow", "America/New_York", "UTC"])
def test_rows_are_the_format_html_drawing(language, zone):
    # given unsaved requests of every kind, and each kind of countdown
    now = datetime.now(UTC).replace(microsecond=0)
    rows = [(ticket, COUNTDOWNS[k % len(COUNTDOWNS)]) for k, ticket in enumerate(_tickets(now))]
    template = Template(
        "{% load console_queue %}{% for ticket, countdown in rows %}"
        "{% queue_row ticket countdown %}|{% countdown_cell ticket countdown %}|"
        "{% endfor %}"
    )
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        # when they are drawn by the tags
        drawn = template.render(Context({"rows": rows})).split("|")
        # then each row and each due cell is what format_html drew
        expected = []
        for ticket, countdown in rows:
            expected += [_reference_row(ticket, countdown), _reference_due(ticket, countdown)]
    assert len(rows) > 100
    assert drawn[:-1] == expected


def test_typed_values_are_escaped():
    # given a request whose subject, customer, store and countdown carry markup
    now = datetime.now(UTC)
    ticket = _tickets(now)[1]
    template = Template("{% load console_queue %}{% queue_row ticket countdown %}")
    # when its row is drawn
    html = template.render(Context({"ticket": ticket, "countdown": Left(EVIL, True, True)}))
    # then no markup of theirs is live
    assert "<b>" not in html
    assert "<script>" not in html
    assert "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;" in html

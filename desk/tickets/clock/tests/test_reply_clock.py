"""The reply clock on the SLA engine: due times set on open, stopped by a reply with met or
breached, restarted by the customer, paused by waiting (test_pause.py has the pauses). Support
hours (PRODUCT.md §4): Mon-Fri 06:00-01:00 (next day), Sat-Sun 10:00-18:00, Moscow time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from desk.tickets import services
from desk.tickets.events import iso
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

FRIDAY, MONDAY = 4, 0


def _outcomes(ticket) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (e.kind, e.from_value, e.to_value, e.data)
        for e in TicketEvent.objects.filter(
            ticket=ticket, kind__in=[EventKind.SLA_MET, EventKind.SLA_BREACHED]
        ).order_by("id")
    ]


def test_hotrush_opened_friday_23_00_is_due_when_the_shift_ends_at_01_00(
    alice, alice_store, alice_subscription, clock
):
    # given: Friday's shift runs to Saturday 01:00, so 2 working hours end exactly then
    clock.current = next_moscow(FRIDAY, 23)

    # when
    ticket = open_request(alice, alice_store, is_hotrush=True)

    # then
    ticket.refresh_from_db()
    assert ticket.awaiting_reply_since == clock.current
    assert ticket.reply_due_at == at_moscow(clock.current, 1, 1)


def test_common_inquiry_opened_friday_23_00_is_due_saturday_18_00(
    alice, alice_store, alice_subscription, clock
):
    # given: 1 business day from Fri 23:00 grants the working time up to Sun 10:00 (the next
    # working moment after Sat 23:00): Fri 23:00-01:00 (2 h) + Sat 10:00-18:00 (8 h) = 10 h,
    # used up at Saturday's closing
    clock.current = next_moscow(FRIDAY, 23)

    # when
    ticket = open_request(alice, alice_store)

    # then
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(clock.current, 1, 18)


def test_common_inquiry_opened_monday_10_00_is_due_tuesday_10_00(
    alice, alice_store, alice_subscription, clock
):
    clock.current = next_moscow(MONDAY, 10)

    ticket = open_request(alice, alice_store)

    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(clock.current, 1, 10)


def test_reply_before_the_due_time_stops_the_clock_and_records_met(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    replied = clock.advance(hours=1, minutes=30)

    # when
    services.reply(ticket=ticket, engineer=engineer_en, body="Fixed the PHP warning.")

    # then
    ticket.refresh_from_db()
    assert (ticket.awaiting_reply_since, ticket.reply_due_at) == (None, None)
    due = at_moscow(opened, 0, 12)
    assert _outcomes(ticket) == [
        (
            EventKind.SLA_MET,
            iso(opened),
            iso(due),
            {
                "first": True,
                "plan": "subscription-1m",
                "hotrush": True,
                "department": "technical-support",
                "due_at": iso(due),
                "replied_at": iso(replied),
                "working_seconds_used": 90 * 60,
                "working_seconds_paused": 0,
            },
        )
    ]


def test_reply_after_the_due_time_records_breached_with_working_time_used(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Hotrush at Fri 23:00 is due Sat 01:00; the reply comes Sat 10:30
    opened = clock.current = next_moscow(FRIDAY, 23)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    replied = clock.current = at_moscow(opened, 1, 10, 30)

    # when
    services.reply(ticket=ticket, engineer=engineer_en, body="Sorry for the wait.")

    # then: 2 h on Friday night + 30 min on Saturday morning
    kind, started, due, data = _outcomes(ticket)[0]
    assert (kind, started, due) == (
        EventKind.SLA_BREACHED,
        iso(opened),
        iso(at_moscow(opened, 1, 1)),
    )
    assert (data["replied_at"], data["working_seconds_used"]) == (iso(replied), 150 * 60)


def test_customer_message_restarts_the_clock_and_the_next_reply_records_a_second_outcome(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.advance(minutes=20)
    services.reply(ticket=ticket, engineer=engineer_en, body="Which PHP version?")
    written = clock.advance(minutes=40)  # Mon 11:00

    # when
    services.add_customer_message(ticket=ticket, author=alice, body="PHP 8.3")

    # then
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.awaiting_reply_since == written
    assert ticket.reply_due_at == at_moscow(opened, 0, 13)

    # when: a second reply
    clock.advance(hours=3)  # Mon 14:00, an hour late
    services.reply(ticket=ticket, engineer=engineer_en, body="Upgrade the plugin.")

    # then
    rows = [(kind, data["first"]) for kind, _, _, data in _outcomes(ticket)]
    assert rows == [(EventKind.SLA_MET, True), (EventKind.SLA_BREACHED, False)]


def test_a_customer_message_on_a_running_clock_keeps_its_due_time(
    alice, alice_store, alice_subscription, clock
):
    # given
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.advance(minutes=30)

    # when
    services.add_customer_message(ticket=ticket, author=alice, body="Any news?")

    # then
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(ticket.created_at, 0, 12)


def test_waiting_on_the_customer_pauses_the_clock_without_an_outcome(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Hotrush Monday 10:00, due 12:00
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    paused = clock.advance(minutes=45)

    # when
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)

    # then: nothing is due while the request waits; 75 working minutes are kept
    ticket.refresh_from_db()
    assert (ticket.awaiting_reply_since, ticket.reply_due_at) == (opened, None)
    assert (ticket.reply_paused_at, ticket.reply_left) == (paused, timedelta(minutes=75))
    assert _outcomes(ticket) == []


@pytest.mark.parametrize("is_hotrush", [False, True])
def test_no_active_policy_means_no_due_time(
    alice, alice_store, alice_subscription, clock, is_hotrush
):
    # given
    from desk.sla.models import SlaPolicy

    SlaPolicy.objects.update(is_active=False)

    # when
    ticket = open_request(alice, alice_store, is_hotrush=is_hotrush)

    # then
    ticket.refresh_from_db()
    assert ticket.awaiting_reply_since == clock.current
    assert ticket.reply_due_at is None

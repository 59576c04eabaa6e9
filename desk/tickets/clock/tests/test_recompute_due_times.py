"""A calendar or holiday change recomputes the due times of running clocks in one batch; a due
time only ever moves earlier (the promise made to the customer stands), and a policy change
applies to clocks that start after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.sla.models import Calendar, CalendarOverride, SlaPolicy
from desk.tickets import services
from desk.tickets.clock import reply_clock
from desk.tickets.models import Status, Ticket
from desk.tickets.tests.builders import MOSCOW, at_moscow, next_moscow, open_request

FRIDAY, SATURDAY = 4, 5


def test_a_saturday_holiday_keeps_the_promised_due_time_and_applies_to_new_requests(
    alice, alice_store, alice_subscription, clock
):
    # given: due Sat 18:00 (see test_reply_clock)
    opened = clock.current = next_moscow(FRIDAY, 23)
    ticket = open_request(alice, alice_store)
    support = Calendar.objects.get(code="support-hours")
    saturday = at_moscow(opened, 1, 12).astimezone(MOSCOW).date()

    # when: Saturday becomes a holiday
    moved = reply_clock.add_holiday(calendar=support, day=saturday, name="Founders' day")
    later = open_request(alice, alice_store, subject="Written after the holiday was announced")

    # then: the customer keeps the time they were promised; a request written now gets
    # 2 h Friday night + 8 h Sunday = 10 h, used up at Sunday's closing
    ticket.refresh_from_db()
    assert moved == 0
    assert ticket.reply_due_at == at_moscow(opened, 1, 18)
    assert later.reply_due_at == at_moscow(opened, 2, 18)


def test_a_special_working_day_pulls_a_running_due_time_earlier(
    alice, alice_store, alice_subscription, clock
):
    # given: Hotrush Saturday 17:00, due Sunday 11:00 (1 h on Saturday, 1 h on Sunday)
    opened = clock.current = next_moscow(SATURDAY, 17)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    assert ticket.reply_due_at == at_moscow(opened, 1, 11)
    support = Calendar.objects.get(code="support-hours")

    # when: Saturday runs until 22:00
    CalendarOverride.objects.create(
        calendar=support, date=opened.astimezone(MOSCOW).date(), intervals=[["10:00", "22:00"]]
    )
    moved = reply_clock.sla_configuration_changed(calendar_ids=[support.pk])

    # then: the 2 working hours end on Saturday at 19:00
    ticket.refresh_from_db()
    assert moved == 1
    assert ticket.reply_due_at == at_moscow(opened, 0, 19)


def _open_many(alice, alice_store, count: int) -> list[Ticket]:
    tickets = []
    for number in range(count):
        tickets.append(open_request(alice, alice_store, subject=f"Request {number}"))
    return tickets


@pytest.mark.parametrize("count", [1, 50])
def test_recompute_runs_a_fixed_number_of_queries(
    alice, alice_store, alice_subscription, clock, count
):
    # given: common inquiries on Saturday 17:00 (due Monday 17:00)
    clock.current = next_moscow(SATURDAY, 17)
    _open_many(alice, alice_store, count)
    support = Calendar.objects.get(code="support-hours")
    saturday = clock.current.astimezone(MOSCOW).date()
    CalendarOverride.objects.create(calendar=support, date=saturday, intervals=[["10:00", "24:00"]])

    # when
    with CaptureQueriesContext(connection) as queries:
        moved = reply_clock.sla_configuration_changed(calendar_ids=[support.pk])

    # then: the new revision, the running tickets, the policies, the changed calendar's
    # holidays and special days, one bulk update, and the savepoint statements: the same for 1
    # and for 50 requests
    assert moved == count
    assert len(queries) == QUERIES_FOR_ONE_BATCH


QUERIES_FOR_ONE_BATCH = 10


def test_a_policy_change_applies_to_clocks_that_start_after_it(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: one request long overdue, one running, one waiting on the customer
    start = clock.current = next_moscow(0, 10)  # Monday 10:00
    overdue = open_request(alice, alice_store, is_hotrush=True, subject="Overdue")
    clock.current = start + timedelta(hours=3)  # Mon 13:00, the first is an hour late
    running = open_request(alice, alice_store, is_hotrush=True, subject="Running")
    waiting = open_request(alice, alice_store, is_hotrush=True, subject="Waiting")
    services.change_status(ticket=waiting, actor=engineer_en.user, status=Status.WAITING)

    # when: Hotrush becomes 1 working hour
    SlaPolicy.objects.filter(is_hotrush=True).update(target_minutes=60)
    moved = reply_clock.sla_configuration_changed()
    fresh = open_request(alice, alice_store, is_hotrush=True, subject="Fresh")

    # then: the running promises stand, the new request gets the new target
    assert moved == 0
    for ticket in (overdue, running, waiting):
        ticket.refresh_from_db()
    assert overdue.reply_due_at == at_moscow(start, 0, 12)
    assert running.reply_due_at == at_moscow(start, 0, 15)
    assert waiting.reply_due_at is None
    assert waiting.reply_left == timedelta(hours=2)
    assert fresh.reply_due_at == at_moscow(start, 0, 14)


def test_deactivating_every_policy_keeps_the_promised_due_times(
    alice, alice_store, alice_subscription, clock
):
    # given
    clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store)
    promised = ticket.reply_due_at

    # when
    SlaPolicy.objects.update(is_active=False)
    moved = reply_clock.sla_configuration_changed()

    # then
    ticket.refresh_from_db()
    assert (moved, ticket.reply_due_at) == (0, promised)
    assert ticket.awaiting_reply_since == clock.current


def test_the_command_recomputes_and_sweeps(alice, alice_store, alice_subscription, clock):
    # given: a request opened before the SLA configuration existed
    from io import StringIO

    from django.core.management import call_command

    from desk.tickets.models import Ticket

    clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    Ticket.objects.filter(pk=ticket.pk).update(reply_due_at=None)
    out = StringIO()

    # when
    call_command("reply_clocks", "--recompute", "--sweep", stdout=out)

    # then
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(clock.current, 0, 12)
    assert out.getvalue() == "recomputed: 1 due time(s) moved\nswept: 0 warned, 0 breached\n"

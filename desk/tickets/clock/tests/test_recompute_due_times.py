"""A calendar, holiday or policy change recomputes the due times of open requests in one batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.sla.models import Calendar, SlaPolicy
from desk.tickets import services
from desk.tickets.clock import reply_clock
from desk.tickets.models import Status, Ticket
from desk.tickets.tests.builders import MOSCOW, at_moscow, next_moscow, open_request

FRIDAY = 4


def test_a_saturday_holiday_moves_the_due_time_of_a_friday_night_request(
    alice, alice_store, alice_subscription, clock
):
    # given: due Sat 18:00 (see test_reply_clock)
    opened = clock.current = next_moscow(FRIDAY, 23)
    ticket = open_request(alice, alice_store)
    support = Calendar.objects.get(code="support-hours")
    saturday = at_moscow(opened, 1, 12).astimezone(MOSCOW).date()

    # when: Saturday is a holiday: Friday's shift still runs to 01:00, Sunday gives 8 h more
    moved = reply_clock.add_holiday(calendar=support, day=saturday, name="Founders' day")

    # then: 2 h Friday night + 8 h Sunday = 10 h, used up at Sunday's closing
    ticket.refresh_from_db()
    assert moved == 1
    assert ticket.reply_due_at == at_moscow(opened, 2, 18)


def _open_many(alice, alice_store, count: int) -> list[Ticket]:
    tickets = []
    for number in range(count):
        tickets.append(open_request(alice, alice_store, subject=f"Request {number}"))
    return tickets


@pytest.mark.parametrize("count", [1, 50])
def test_recompute_runs_a_fixed_number_of_queries(
    alice, alice_store, alice_subscription, clock, count
):
    # given
    clock.current = next_moscow(FRIDAY, 23)
    _open_many(alice, alice_store, count)
    support = Calendar.objects.get(code="support-hours")
    saturday = at_moscow(clock.current, 1, 12).astimezone(MOSCOW).date()

    # when
    with CaptureQueriesContext(connection) as queries:
        moved = reply_clock.add_holiday(calendar=support, day=saturday)

    # then: the holiday (look-up, insert), the new revision, the running tickets, the policies,
    # the changed calendar's holidays and special days, one bulk update, and 6 savepoint
    # statements: the same for 1 and for 50 requests
    assert moved == count
    assert len(queries) == QUERIES_FOR_ONE_BATCH


QUERIES_FOR_ONE_BATCH = 14


def test_a_policy_change_recomputes_and_a_passed_due_time_stays(
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

    # then
    assert moved == 1
    for ticket in (overdue, running, waiting):
        ticket.refresh_from_db()
    assert overdue.reply_due_at == at_moscow(start, 0, 12)
    assert running.reply_due_at == at_moscow(start, 0, 14)
    assert waiting.reply_due_at is None


def test_deactivating_every_policy_clears_due_times(alice, alice_store, alice_subscription, clock):
    # given
    clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store)

    # when
    SlaPolicy.objects.update(is_active=False)
    moved = reply_clock.sla_configuration_changed()

    # then
    ticket.refresh_from_db()
    assert (moved, ticket.reply_due_at) == (1, None)
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

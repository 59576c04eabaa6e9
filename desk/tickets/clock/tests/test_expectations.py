"""The expected reply time follows the department's recent reply times (the median working time
of the reply clocks of the last two weeks, same Hotrush flag first), not its traffic. Support
hours (PRODUCT.md §4): Mon-Fri 06:00-01:00 (next day), Moscow time; one engineer (Erin)."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.accounts.models import Department
from desk.tickets import events, services
from desk.tickets.clock import expectations
from desk.tickets.models import EventKind, ReplyOutcome, Ticket
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

MONDAY = 0


def outcome(ticket: Ticket, at: datetime, *, minutes: int, **facts: object) -> None:
    """A recorded reply clock of `ticket` that ended at `at` after `minutes` of working time,
    written as the clock writes it (the event and its `ReplyOutcome`)."""
    data = {
        "first": True,
        "hotrush": False,
        "department": ticket.department.code,
        "working_seconds_used": minutes * 60,
        **facts,
    }
    with mock.patch("desk.tickets.events.clock.now", return_value=at):
        events.record_sla_outcome(
            ticket,
            EventKind.SLA_MET,
            actor=None,
            started_at=at - timedelta(minutes=minutes),
            due_at=at,
            data=data,
        )


def test_the_median_recent_reply_sets_the_expectation(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: three requests answered in 10, 20 and 50 working minutes (their clocks record it)
    opened = clock.current = next_moscow(MONDAY, 10)
    answered = [open_request(alice, alice_store) for _ in range(3)]
    for ticket, minutes in zip(answered, (10, 20, 50), strict=True):
        clock.current = opened + timedelta(minutes=minutes)
        services.reply(ticket=ticket, engineer=engineer_en, body="Fixed.")
    clock.current = at_moscow(opened, 0, 11)
    ticket = open_request(alice, alice_store)

    # when
    expectation = expectations.for_ticket(ticket)

    # then: nothing ahead: the typical 20 minutes, well before the guarantee
    assert expectation == expectations.Expectation(
        False, at_moscow(opened, 1, 11), at_moscow(opened, 0, 11, 20), 0
    )


def test_only_recent_replies_of_the_department_count_same_flag_first(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: a Hotrush median of 12 minutes; a faster other department; an old fast week; an
    # outcome without a working time; and one request owed a reply ahead
    now = next_moscow(MONDAY, 10)
    clock.current = now - timedelta(minutes=1)
    past = open_request(alice, alice_store)
    clock.current = now
    for minutes in (8, 12, 40):
        outcome(past, now - timedelta(hours=minutes), minutes=minutes, hotrush=True)
    service = Department.objects.get(code="customer-service")
    elsewhere = open_request(alice, alice_store, department=service)
    outcome(elsewhere, now - timedelta(hours=1), minutes=1)
    outcome(past, now - timedelta(days=15), minutes=2)
    outcome(past, now - timedelta(hours=2), minutes=3, working_seconds_used=None)
    ticket = open_request(alice, alice_store)

    # when: a common request, with no common history, borrows the Hotrush median
    expectation = expectations.for_ticket(ticket)

    # then: one engineer, one request ahead: two rounds of 12 minutes
    assert expectation == expectations.Expectation(
        False, at_moscow(now, 1, 10), at_moscow(now, 0, 10, 24), 1
    )


def test_each_reply_outcome_is_kept_in_the_aggregate(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: a request answered after 25 working minutes
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)
    clock.current = opened + timedelta(minutes=25)

    # when
    services.reply(ticket=ticket, engineer=engineer_en, body="Fixed.")

    # then: one aggregate row, beside the outcome event it derives from
    row = ReplyOutcome.objects.get()
    assert row.event.kind == EventKind.SLA_MET
    assert row.event.ticket_id == ticket.pk
    assert (row.department_id, row.is_hotrush, row.working_seconds_used) == (
        ticket.department_id,
        False,
        25 * 60,
    )
    assert row.recorded_at == opened + timedelta(minutes=25)


def test_the_expectation_reads_a_fixed_number_of_queries_whatever_the_history(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: a request whose expectation is read once with 2 recorded outcomes, then with 40
    now = next_moscow(MONDAY, 10)
    clock.current = now - timedelta(minutes=1)
    past = open_request(alice, alice_store)
    clock.current = now
    ticket = open_request(alice, alice_store)

    def queries_with(outcomes: int, offset: int) -> int:
        for k in range(outcomes):
            outcome(past, now - timedelta(minutes=offset + k), minutes=5)
        with CaptureQueriesContext(connection) as captured:
            assert expectations.for_ticket(ticket) is not None
        return len(captured.captured_queries)

    # then (once read before, so that caches of policies and calendars are warm both times)
    expectations.for_ticket(ticket)
    assert queries_with(2, 0) == queries_with(38, 10)

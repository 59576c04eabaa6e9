"""The expected reply time follows the department's recent reply times (the median working time
of the reply clocks of the last two weeks, same Hotrush flag first), not its traffic. Support
hours (PRODUCT.md §4): Mon-Fri 06:00-01:00 (next day), Moscow time; one engineer (Erin)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desk.tickets import services
from desk.tickets.clock import expectations
from desk.tickets.models import EventKind, Ticket, TicketEvent
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

MONDAY = 0


def outcome(ticket: Ticket, at: datetime, *, minutes: int, **facts: object) -> None:
    """A recorded reply clock of `ticket` that ended at `at` after `minutes` of working time."""
    data = {
        "first": True,
        "hotrush": False,
        "department": ticket.department.code,
        "working_seconds_used": minutes * 60,
        **facts,
    }
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.SLA_MET,
        from_value=(at - timedelta(minutes=minutes)).isoformat(),
        data=data,
        created_at=at,
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
    outcome(past, now - timedelta(hours=1), minutes=1, department="customer-service")
    outcome(past, now - timedelta(days=15), minutes=2)
    outcome(past, now - timedelta(hours=2), minutes=3, working_seconds_used=None)
    ticket = open_request(alice, alice_store)

    # when: a common request, with no common history, borrows the Hotrush median
    expectation = expectations.for_ticket(ticket)

    # then: one engineer, one request ahead: two rounds of 12 minutes
    assert expectation == expectations.Expectation(
        False, at_moscow(now, 1, 10), at_moscow(now, 0, 10, 24), 1
    )

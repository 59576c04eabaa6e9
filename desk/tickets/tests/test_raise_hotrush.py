"""Hotrush after opening (issue 8 point 6): a customer whose entitlement allows it raises an open
request to Hotrush; the reply is then due within the Hotrush guarantee counted from that moment,
never later than it was due, and the history says so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.events import iso
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

TUESDAY = 1


@pytest.fixture
def tuesday_request(alice, alice_store, alice_subscription, clock):
    """A common request of Alice opened Tue 10:00 Moscow on her subscription."""
    clock.current = next_moscow(TUESDAY, 10)
    return open_request(alice, alice_store)


def test_raise_moves_the_due_time_to_the_hotrush_guarantee(tuesday_request, alice, clock):
    # given a common request, due a business day later
    common_due = tuesday_request.reply_due_at
    assert common_due is not None

    # when the customer raises it at 10:30
    clock.current = at_moscow(clock.current, 0, 10, 30)
    services.raise_hotrush(ticket=tuesday_request, customer=alice)

    # then it is Hotrush, due 12:30 (2 working hours from the raise), and the history says so
    tuesday_request.refresh_from_db()
    rush_due = at_moscow(clock.current, 0, 12, 30)
    assert (tuesday_request.is_hotrush, tuesday_request.reply_due_at) == (True, rush_due)
    event = TicketEvent.objects.get(ticket=tuesday_request, kind=EventKind.HOTRUSH)
    assert (event.actor_id, event.from_value, event.to_value) == (alice.pk, "common", "hotrush")
    assert event.data == {
        "due_before": iso(common_due),
        "due_after": iso(rush_due),
        "left_seconds": None,
    }


def test_raise_never_makes_the_reply_due_later(tuesday_request, alice, clock):
    # given a common request whose reply is due in one hour
    common_due = tuesday_request.reply_due_at
    clock.current = common_due - timedelta(hours=1)

    # when it is raised (Hotrush from now would be due an hour after that)
    services.raise_hotrush(ticket=tuesday_request, customer=alice)

    # then the due time stays
    tuesday_request.refresh_from_db()
    assert (tuesday_request.is_hotrush, tuesday_request.reply_due_at) == (True, common_due)


def test_raise_while_waiting_keeps_at_most_the_hotrush_guarantee(
    tuesday_request, alice, engineer_en, clock
):
    services.change_status(ticket=tuesday_request, actor=engineer_en.user, status=Status.WAITING)
    clock.advance(minutes=10)

    services.raise_hotrush(ticket=tuesday_request, customer=alice)

    tuesday_request.refresh_from_db()
    assert tuesday_request.reply_due_at is None  # still paused
    assert tuesday_request.reply_left == timedelta(hours=2)


def _refusal(ticket, customer, row_counts) -> tuple[str, int]:
    before = row_counts()
    with pytest.raises(DeskError) as refused:
        services.raise_hotrush(ticket=ticket, customer=customer)
    assert row_counts() == before
    return refused.value.code, refused.value.status


def test_a_normal_incident_is_refused(alice, alice_incident, row_counts):
    assert _refusal(alice_incident, alice, row_counts) == ("hotrush_not_allowed", 400)
    alice_incident.refresh_from_db()
    assert alice_incident.is_hotrush is False


def test_an_urgent_incident_may_be_raised(alice, alice_store, alice_urgent_credit):
    ticket = open_request(alice, alice_store, credit_priority="urgent")
    services.raise_hotrush(ticket=ticket, customer=alice)
    ticket.refresh_from_db()
    assert ticket.is_hotrush is True


def test_refusals_have_codes_and_change_nothing(
    alice, bob, tuesday_request, engineer_en, row_counts
):
    assert _refusal(tuesday_request, bob, row_counts) == ("ticket_not_found", 404)
    services.raise_hotrush(ticket=tuesday_request, customer=alice)
    assert _refusal(tuesday_request, alice, row_counts) == ("already_hotrush", 409)


@pytest.mark.parametrize(
    ("status", "code"),
    [(Status.RESOLVED, "hotrush_needs_open_request"), (Status.CLOSED, "ticket_closed")],
)
def test_resolved_or_closed_requests_are_refused(
    alice, tuesday_request, engineer_en, row_counts, status, code
):
    services.change_status(ticket=tuesday_request, actor=engineer_en.user, status=status)
    assert _refusal(tuesday_request, alice, row_counts) == (code, 409)

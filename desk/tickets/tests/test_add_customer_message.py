from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.entitlements.models import CreditBalance
from desk.tickets import services
from desk.tickets.models import EventKind, MessageKind, Status, TicketEvent


def _kinds_after(ticket, since_id: int) -> list[tuple[str, str, str]]:
    events = TicketEvent.objects.filter(ticket=ticket, pk__gt=since_id).order_by("id")
    return [(e.kind, e.from_value, e.to_value) for e in events]


def _last_event_id(ticket) -> int:
    return TicketEvent.objects.filter(ticket=ticket).latest("id").pk


def test_customer_message_on_a_new_request_keeps_it_new(alice, alice_ticket, clock):
    # given
    since = _last_event_id(alice_ticket)
    started = alice_ticket.awaiting_reply_since
    clock.advance(minutes=5)

    # when
    message = services.add_customer_message(ticket=alice_ticket, author=alice, body="More info")

    # then: the clock keeps running from the first message
    alice_ticket.refresh_from_db()
    assert (message.kind, message.author_id, message.body) == (
        MessageKind.CUSTOMER,
        alice.pk,
        "More info",
    )
    assert alice_ticket.status == Status.NEW
    assert alice_ticket.awaiting_reply_since == started
    assert _kinds_after(alice_ticket, since) == [(EventKind.MESSAGE, "", "")]


def test_customer_message_reopens_a_waiting_request_and_starts_the_clock(
    alice, alice_ticket, engineer_en, clock
):
    # given
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Which PHP version?")
    since = _last_event_id(alice_ticket)
    now = clock.advance(hours=2)

    # when
    services.add_customer_message(ticket=alice_ticket, author=alice, body="PHP 8.2")

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN
    assert alice_ticket.awaiting_reply_since == now
    assert alice_ticket.updated_at == now
    assert _kinds_after(alice_ticket, since) == [
        (EventKind.MESSAGE, "", ""),
        (EventKind.STATUS, "waiting", "open"),
    ]


def test_customer_message_reopens_a_resolved_incident_within_the_window_for_free(
    alice, alice_incident, engineer_en, clock, settings
):
    # given
    settings.DESK_INCIDENT_REOPEN_DAYS = 14
    services.change_status(ticket=alice_incident, actor=engineer_en.user, status=Status.RESOLVED)
    clock.advance(days=14)

    # when
    services.add_customer_message(ticket=alice_incident, author=alice, body="It is back")

    # then
    alice_incident.refresh_from_db()
    assert alice_incident.status == Status.OPEN
    assert alice_incident.resolved_at is None
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 0


def test_customer_message_after_the_reopen_window_is_refused(
    alice, alice_incident, engineer_en, clock, settings, row_counts
):
    # given
    settings.DESK_INCIDENT_REOPEN_DAYS = 14
    services.change_status(ticket=alice_incident, actor=engineer_en.user, status=Status.RESOLVED)
    clock.advance(days=14, seconds=1)
    before = row_counts()

    # when
    with pytest.raises(DeskError) as caught:
        services.add_customer_message(ticket=alice_incident, author=alice, body="It is back")

    # then
    assert (caught.value.code, caught.value.status) == ("reopen_window_passed", 409)
    assert "new request" in caught.value.message
    alice_incident.refresh_from_db()
    assert alice_incident.status == Status.RESOLVED
    assert row_counts() == before


def test_customer_message_reopens_a_resolved_subscription_request_at_any_time(
    alice, alice_ticket, engineer_en, clock
):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)
    clock.advance(days=25)

    services.add_customer_message(ticket=alice_ticket, author=alice, body="Again")

    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN


def test_customer_message_on_a_closed_request_is_refused(
    alice, alice_ticket, engineer_en, row_counts
):
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.add_customer_message(ticket=alice_ticket, author=alice, body="Hello?")

    assert (caught.value.code, caught.value.status) == ("ticket_closed", 409)
    assert row_counts() == before


def test_customer_message_by_someone_else_is_not_found(bob, alice_ticket, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.add_customer_message(ticket=alice_ticket, author=bob, body="Hi")

    assert (caught.value.code, caught.value.status) == ("ticket_not_found", 404)
    assert row_counts() == before


def test_customer_message_with_blank_body_is_refused(alice, alice_ticket, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.add_customer_message(ticket=alice_ticket, author=alice, body="   ")

    assert caught.value.code == "invalid_body"
    assert row_counts() == before

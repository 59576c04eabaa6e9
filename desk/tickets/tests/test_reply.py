from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.entitlements.models import UsageRecord
from desk.tickets import services
from desk.tickets.models import EventKind, MessageKind, Status, TicketEvent


def _events(ticket) -> list[tuple[str, str, str]]:
    return [
        (e.kind, e.from_value, e.to_value)
        for e in TicketEvent.objects.filter(ticket=ticket).order_by("id")
    ]


def test_first_reply_stops_the_clock_waits_on_customer_and_assigns(
    alice_ticket, alice_subscription, engineer_en, clock
):
    # given
    now = clock.advance(minutes=30)

    # when
    message = services.reply(ticket=alice_ticket, engineer=engineer_en, body="Try clearing cache")

    # then
    alice_ticket.refresh_from_db()
    assert (message.kind, message.author_id, message.body) == (
        MessageKind.REPLY,
        engineer_en.user_id,
        "Try clearing cache",
    )
    assert alice_ticket.status == Status.WAITING
    assert alice_ticket.awaiting_reply_since is None
    assert alice_ticket.reply_due_at is None
    assert alice_ticket.first_replied_at == now
    assert alice_ticket.assignee_id == engineer_en.pk
    assert [kind for kind, *_ in _events(alice_ticket)] == [
        EventKind.CREATED,
        EventKind.REPLY,
        EventKind.SLA_MET,  # values: test_reply_clock.py
        EventKind.STATUS,
        EventKind.ASSIGNED,
    ]
    assert _events(alice_ticket)[3:] == [
        (EventKind.STATUS, "new", "waiting"),
        (EventKind.ASSIGNED, "", str(engineer_en.pk)),
    ]
    assert list(
        UsageRecord.objects.filter(kind="reply").values_list("subscription_id", "ticket_id")
    ) == [(alice_subscription.pk, alice_ticket.pk)]


def test_second_reply_keeps_first_reply_time_and_assignee(
    alice, alice_ticket, engineer_en, engineer_ru, clock
):
    # given
    first = clock.advance(minutes=10)
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="One")
    services.add_customer_message(ticket=alice_ticket, author=alice, body="Did not help")
    clock.advance(minutes=10)

    # when
    services.reply(ticket=alice_ticket, engineer=engineer_ru, body="Two")

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.first_replied_at == first
    assert alice_ticket.assignee_id == engineer_en.pk
    assert alice_ticket.status == Status.WAITING
    assert TicketEvent.objects.filter(ticket=alice_ticket, kind=EventKind.ASSIGNED).count() == 1


def test_reply_with_status_sets_that_status(alice_ticket, engineer_en, clock):
    now = clock.advance(hours=1)

    services.reply(
        ticket=alice_ticket, engineer=engineer_en, body="Fixed it", status=Status.RESOLVED
    )

    alice_ticket.refresh_from_db()
    assert (alice_ticket.status, alice_ticket.resolved_at) == (Status.RESOLVED, now)


def test_reply_on_a_resolved_request_keeps_it_resolved(alice_ticket, engineer_en):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)

    services.reply(ticket=alice_ticket, engineer=engineer_en, body="One more hint")

    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.RESOLVED


def test_reply_on_an_incident_records_no_usage(alice_incident, engineer_en):
    services.reply(ticket=alice_incident, engineer=engineer_en, body="Hello")

    assert not UsageRecord.objects.exists()


def test_reply_on_a_closed_request_is_refused(alice_ticket, engineer_en, row_counts):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.CLOSED)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.reply(ticket=alice_ticket, engineer=engineer_en, body="Late answer")

    assert caught.value.code == "ticket_closed"
    assert row_counts() == before


def test_reply_by_an_inactive_engineer_is_refused(alice_ticket, engineer_inactive, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.reply(ticket=alice_ticket, engineer=engineer_inactive, body="Hi")

    assert caught.value.code == "engineer_inactive"
    assert row_counts() == before


def test_reply_with_an_unknown_status_is_refused(alice_ticket, engineer_en, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.reply(ticket=alice_ticket, engineer=engineer_en, body="Hi", status="snoozed")

    assert caught.value.code == "invalid_status"
    assert row_counts() == before

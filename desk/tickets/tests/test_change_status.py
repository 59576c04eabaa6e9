from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.models import EventKind, Status, TicketEvent


def _status_events(ticket) -> list[tuple[str, str, int | None]]:
    events = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.STATUS).order_by("id")
    return [(e.from_value, e.to_value, e.actor_id) for e in events]


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_customer_may_resolve_or_close_their_request(alice, alice_ticket, clock, status):
    now = clock.advance(hours=3)

    services.change_status(ticket=alice_ticket, actor=alice, status=status)

    alice_ticket.refresh_from_db()
    assert alice_ticket.status == status
    assert alice_ticket.reply_due_at is None  # nothing is due while resolved (paused) or closed
    assert alice_ticket.reply_paused_at == (now if status == Status.RESOLVED else None)
    assert (alice_ticket.resolved_at, alice_ticket.closed_at) == (
        (now, None) if status == Status.RESOLVED else (None, now)
    )
    assert _status_events(alice_ticket) == [("new", status, alice.pk)]


@pytest.mark.parametrize("status", [Status.NEW, Status.OPEN, Status.WAITING])
def test_customer_may_not_set_other_statuses(alice, alice_ticket, row_counts, status):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.change_status(ticket=alice_ticket, actor=alice, status=status)

    assert (caught.value.code, caught.value.status) == ("status_not_allowed", 403)
    assert row_counts() == before


def test_foreign_customer_cannot_change_status(bob, alice_ticket, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.change_status(ticket=alice_ticket, actor=bob, status=Status.CLOSED)

    assert caught.value.code == "ticket_not_found"
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW
    assert row_counts() == before


def test_engineer_may_make_any_transition(alice_ticket, engineer_en, clock):
    # when
    actor = engineer_en.user
    services.change_status(ticket=alice_ticket, actor=actor, status=Status.WAITING)
    services.change_status(ticket=alice_ticket, actor=actor, status=Status.RESOLVED)
    reopened_at = clock.advance(minutes=1)
    services.change_status(ticket=alice_ticket, actor=actor, status=Status.OPEN)

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN
    assert alice_ticket.resolved_at is None
    assert alice_ticket.reply_running_since == reopened_at  # the paused clock runs on
    assert _status_events(alice_ticket) == [
        ("new", "waiting", actor.pk),
        ("waiting", "resolved", actor.pk),
        ("resolved", "open", actor.pk),
    ]


def test_staff_admin_may_change_status(alice_ticket, staff_admin):
    services.change_status(ticket=alice_ticket, actor=staff_admin, status=Status.OPEN)

    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN


def test_closed_is_final(alice_ticket, engineer_en, row_counts):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.CLOSED)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.OPEN)

    assert caught.value.code == "ticket_closed"
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.CLOSED
    assert row_counts() == before


def test_setting_the_current_status_changes_nothing(alice, alice_ticket, engineer_en, row_counts):
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    before = row_counts()
    updated = alice_ticket.updated_at

    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)

    alice_ticket.refresh_from_db()
    assert alice_ticket.updated_at == updated
    assert row_counts() == before


def test_unknown_status_is_refused(alice_ticket, engineer_en):
    with pytest.raises(DeskError) as caught:
        services.change_status(ticket=alice_ticket, actor=engineer_en.user, status="deleted")

    assert caught.value.code == "invalid_status"

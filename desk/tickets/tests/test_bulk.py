"""Bulk assignment and status: each row through the single-request service, each row whole or
not at all, refused rows reported and the others done."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.models import EventKind, Status, Ticket, TicketEvent
from desk.tickets.services.bulk import bulk_assign, bulk_change_status
from desk.tickets.tests.builders import open_request


@pytest.fixture
def three(alice, alice_store, alice_subscription) -> list[Ticket]:
    return [open_request(alice, alice_store, subject=f"Request {n}") for n in range(3)]


def test_bulk_status_pauses_each_clock_and_reports_a_closed_row(three, engineer_en, clock):
    # given the last request is closed
    first, second, closed = three
    services.change_status(ticket=closed, actor=engineer_en.user, status=Status.CLOSED)
    before_closed = TicketEvent.objects.filter(ticket=closed).count()
    now = clock.advance(minutes=5)
    # when
    outcomes = bulk_change_status(
        actor=engineer_en.user,
        ticket_ids=[first.pk, second.pk, closed.pk, first.pk],
        status=Status.WAITING,
    )
    # then
    assert [(o.ticket_id, o.error.code if o.error else None) for o in outcomes] == [
        (first.pk, None),
        (second.pk, None),
        (closed.pk, "ticket_closed"),
    ]
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert (ticket.status, ticket.reply_due_at, ticket.reply_paused_at) == (
            Status.WAITING,
            None,
            now,
        )
        assert ticket.reply_left is not None
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert TicketEvent.objects.filter(ticket=closed).count() == before_closed


def test_bulk_assign_and_unassign(three, engineer_en, engineer_ru):
    # when
    ids = [ticket.pk for ticket in three]
    outcomes = bulk_assign(actor=engineer_en.user, ticket_ids=ids, engineer=engineer_ru)
    # then
    assert all(outcome.is_done for outcome in outcomes)
    assert set(Ticket.objects.filter(pk__in=ids).values_list("assignee", flat=True)) == {
        engineer_ru.pk
    }
    assert TicketEvent.objects.filter(ticket_id__in=ids, kind=EventKind.ASSIGNED).count() >= 3
    # when unassigned
    bulk_assign(actor=engineer_en.user, ticket_ids=ids, engineer=None)
    assert set(Ticket.objects.filter(pk__in=ids).values_list("assignee", flat=True)) == {None}


def test_a_customer_changes_nothing_and_foreign_rows_are_not_found(three, bob, row_counts):
    # given
    before = row_counts()
    # when
    outcomes = bulk_change_status(actor=bob, ticket_ids=[t.pk for t in three], status=Status.CLOSED)
    # then
    assert {o.error.code for o in outcomes if o.error} == {"ticket_not_found"}
    assert row_counts() == before


@pytest.mark.parametrize("ids", [[], list(range(1, 102))])
def test_no_or_too_many_rows_are_refused(engineer_en, ids):
    with pytest.raises(DeskError) as refused:
        bulk_assign(actor=engineer_en.user, ticket_ids=ids, engineer=None)
    assert refused.value.code == "bulk_selection"


def test_unknown_status_is_refused_before_any_row(three, engineer_en, row_counts):
    before = row_counts()
    with pytest.raises(DeskError) as refused:
        bulk_change_status(actor=engineer_en.user, ticket_ids=[three[0].pk], status="lost")
    assert refused.value.code == "invalid_status"
    assert row_counts() == before

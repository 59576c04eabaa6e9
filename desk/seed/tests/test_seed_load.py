"""`seed_load` builds requests whose derived fields agree with what the services would have
written: due times from the SLA policies, history events, SLA outcomes with their aggregate,
fair-use usage, subscriptions covering every request."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from desk.accounts.models import Engineer
from desk.entitlements.models import CreditBalance, UsageKind, UsageRecord
from desk.seed import loader
from desk.sla import services as sla
from desk.tickets import selectors
from desk.tickets.events import iso
from desk.tickets.models import (
    OPEN_STATUSES,
    SLA_OUTCOME_KINDS,
    EventKind,
    MessageKind,
    ReplyOutcome,
    Status,
    Ticket,
    TicketEvent,
)

REQUESTS = 300


@pytest.fixture
def seeded(db, media_root):
    out = StringIO()
    call_command("seed_load", requests=REQUESTS, stdout=out)
    return out.getvalue()


def test_it_builds_the_requests_and_customers_it_says(seeded):
    assert f"requests {REQUESTS}" in seeded
    seed_tickets = Ticket.objects.filter(customer__email__endswith="@seed.example")
    assert seed_tickets.count() == REQUESTS
    assert seed_tickets.values("customer").distinct().count() == 6  # 300 // 50
    statuses = set(seed_tickets.values_list("status", flat=True))
    assert {Status.NEW, Status.WAITING, Status.CLOSED} <= statuses


def test_every_request_has_its_history_and_message(seeded):
    tickets = Ticket.objects.filter(customer__email__endswith="@seed.example")
    created = TicketEvent.objects.filter(ticket__in=tickets, kind=EventKind.CREATED)
    assert created.count() == REQUESTS
    first_messages = tickets.annotate(
        asked=Count("messages", filter=_kind(MessageKind.CUSTOMER))
    ).filter(asked=0)
    assert not first_messages.exists()
    # every status the request has is the last status event's (or "new" without any)
    for ticket in tickets.prefetch_related("events"):
        moves = [e for e in ticket.events.all() if e.kind == EventKind.STATUS]
        last = max(moves, key=lambda e: (e.created_at, e.pk)).to_value if moves else Status.NEW
        assert ticket.status == last, ticket.pk


def test_due_times_are_the_policies(seeded):
    book = sla.PolicyBook()
    owed = Ticket.objects.filter(
        customer__email__endswith="@seed.example", awaiting_reply_since__isnull=False
    )
    assert owed.exists()
    for ticket in owed:
        assert ticket.status in OPEN_STATUSES
        assert ticket.awaiting_reply_since is not None
        due = sla.due_for(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            started_at=ticket.awaiting_reply_since,
            book=book,
        )
        assert due is not None
        assert (ticket.reply_due_at, ticket.reply_left) == (due.due_at, due.budget)


def test_each_outcome_has_its_aggregate_row_and_every_clock_that_ended_has_one(seeded):
    outcomes = TicketEvent.objects.filter(kind__in=SLA_OUTCOME_KINDS)
    assert outcomes.count() == ReplyOutcome.objects.count() > 0
    # every answered request's first clock, and every running clock already past its due time
    # (breached, as the breach task records it), has its one outcome
    for ticket in Ticket.objects.filter(first_replied_at__isnull=False):
        assert outcomes.filter(ticket=ticket, data__first=True).count() == 1
    now = Ticket.objects.order_by("-created_at")[0].created_at
    overdue = Ticket.objects.filter(reply_due_at__lt=now)
    assert overdue.exists()
    for ticket in overdue:
        started = ticket.awaiting_reply_since
        assert started is not None
        breached = outcomes.filter(ticket=ticket, kind=EventKind.SLA_BREACHED)
        assert breached.filter(from_value=iso(started)).exists()
    for row in ReplyOutcome.objects.select_related("event__ticket")[:50]:
        assert row.event.data["working_seconds_used"] == row.working_seconds_used
        assert row.department_id == row.event.ticket.department_id
        assert row.recorded_at == row.event.created_at


def test_usage_and_subscriptions_cover_every_request(seeded):
    tickets = Ticket.objects.filter(customer__email__endswith="@seed.example")
    requests = UsageRecord.objects.filter(kind=UsageKind.REQUEST, ticket_id__in=tickets)
    assert requests.count() == REQUESTS
    for ticket in tickets.select_related("subscription"):
        assert ticket.subscription is not None
        assert ticket.subscription.store_id == ticket.store_id
        assert ticket.subscription.starts_at <= ticket.created_at < ticket.subscription.ends_at
    assert not CreditBalance.objects.filter(remaining__lt=0).exists()


def test_the_queue_reads_the_seeded_requests_in_order(seeded):
    engineer = Engineer.objects.order_by("pk")[0]
    queue = list(selectors.tickets_for_queue(engineer=engineer))
    dues = [t.reply_due_at for t in queue if t.reply_due_at is not None]
    assert dues == sorted(dues)
    assert len(queue) == Ticket.objects.filter(status__in=OPEN_STATUSES).count()


def test_plan_sizes():
    assert loader.SeedPlan.for_requests(10).customers == 1
    assert loader.SeedPlan.for_requests(1000).customers == 20
    assert loader.SeedPlan.for_requests(1_000_000).customers == loader.MAX_CUSTOMERS
    with pytest.raises(ValueError):
        loader.SeedPlan.for_requests(0)


def _kind(kind: str) -> Q:
    return Q(messages__kind=kind)

"""Append-only history writers. Call them inside the transaction of the change they record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from desk.accounts.models import User
from desk.core import clock
from desk.tickets import backlog, recent_replies, tallies
from desk.tickets.models import (
    SLA_OUTCOME_KINDS,
    EventKind,
    ReplyOutcome,
    Ticket,
    TicketEvent,
)


def record_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: User | None,
    from_value: str = "",
    to_value: str = "",
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    """The one writer of ticket events: a created or status event also moves the backlog's
    maintained aggregate (`desk.tickets.backlog`), in the same transaction."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        actor=actor,
        kind=kind,
        from_value=from_value[:100],
        to_value=to_value[:500],
        data=data or {},
        created_at=clock.now(),
    )
    backlog.record(kind, before=event.from_value, after=event.to_value, at=event.created_at)
    return event


def record_status_change(
    ticket: Ticket, *, actor: User | None, before: str, after: str
) -> TicketEvent:
    return record_event(ticket, EventKind.STATUS, actor=actor, from_value=before, to_value=after)


def iso(moment: datetime) -> str:
    """The form reply-clock events store instants in: UTC ISO 8601, to the microsecond."""
    return moment.astimezone(UTC).isoformat()


def has_sla_outcome(ticket_id: int, started_at: datetime) -> bool:
    return TicketEvent.objects.filter(
        ticket_id=ticket_id, kind__in=SLA_OUTCOME_KINDS, from_value=iso(started_at)
    ).exists()


def record_sla_outcome(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: User | None,
    started_at: datetime,
    due_at: datetime,
    data: dict[str, Any],
) -> TicketEvent | None:
    """The one outcome (met or breached) of the reply clock started at `started_at`; None if it
    is already recorded. Call holding the ticket row lock (a unique constraint backs it)."""
    if has_sla_outcome(ticket.pk, started_at):
        return None
    event = record_event(
        ticket, kind, actor=actor, from_value=iso(started_at), to_value=iso(due_at), data=data
    )
    used = data.get("working_seconds_used")
    if isinstance(used, int):
        # the aggregate the reports and the expected reply time derive from, kept in step here
        outcome = ReplyOutcome.objects.create(
            event=event,
            department_id=ticket.department_id,
            plan_id=ticket.plan_id,
            is_hotrush=bool(data.get("hotrush", ticket.is_hotrush)),
            is_first=bool(data.get("first", True)),
            is_met=kind == EventKind.SLA_MET,
            is_replied=data.get("replied_at") is not None,
            working_seconds_used=max(used, 0),
            due_at=due_at,
            recorded_at=event.created_at,
        )
        tallies.count_outcome(outcome)  # what the SLA reports read
        recent_replies.record(outcome)  # what the expected reply time reads
    return event

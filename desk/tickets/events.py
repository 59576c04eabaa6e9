"""Append-only history writers. Call them inside the transaction of the change they record."""

from __future__ import annotations

from typing import Any

from desk.accounts.models import User
from desk.core import clock
from desk.tickets.models import EventKind, Ticket, TicketEvent


def record_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    actor: User | None,
    from_value: str = "",
    to_value: str = "",
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor,
        kind=kind,
        from_value=from_value[:100],
        to_value=to_value[:500],
        data=data or {},
        created_at=clock.now(),
    )


def record_status_change(
    ticket: Ticket, *, actor: User | None, before: str, after: str
) -> TicketEvent:
    return record_event(ticket, EventKind.STATUS, actor=actor, from_value=before, to_value=after)

"""When a resolved request closes itself (issue 8 point 7): DESK_AUTO_CLOSE_DAYS after the later
of its resolution and the customer's last message, with a reminder to the customer
DESK_AUTO_CLOSE_REMINDER_DAYS after that moment. 0 days turns closing (or the reminder) off.

The times are read from the request each time (never trusted from a task's arguments), so a
task that runs late, twice, or after the customer wrote or staff reopened does the right thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from desk.tickets import tasks
from desk.tickets.models import MessageKind, Status, Ticket


@dataclass(frozen=True, slots=True)
class Closing:
    """The quiet stretch of a resolved request: since when, when the reminder goes (None: no
    reminder), when it closes."""

    quiet_since: datetime
    remind_at: datetime | None
    close_at: datetime


def closing_times(quiet_since: datetime, *, days: int, reminder_days: int) -> Closing | None:
    """Pure: None when auto-closing is off (`days` <= 0). A reminder only comes before closing."""
    if days <= 0:
        return None
    close_at = quiet_since + timedelta(days=days)
    remind_at = quiet_since + timedelta(days=reminder_days) if 0 < reminder_days < days else None
    return Closing(quiet_since, remind_at, close_at)


def closing_of(ticket: Ticket) -> Closing | None:
    """When the resolved `ticket` reminds and closes; None if it is not resolved or it is off."""
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return None
    last = ticket.messages.filter(kind=MessageKind.CUSTOMER).aggregate(last=Max("created_at"))
    quiet_since = max(filter(None, (ticket.resolved_at, last["last"])))
    return closing_times(
        quiet_since,
        days=settings.DESK_AUTO_CLOSE_DAYS,
        reminder_days=settings.DESK_AUTO_CLOSE_REMINDER_DAYS,
    )


def schedule(ticket: Ticket) -> None:
    """After commit, the reminder and the closing of the resolved `ticket` as tasks deferred with
    `run_after`. Backends that cannot defer (the in-process test backend) enqueue nothing: the
    periodic `auto_close_resolved` sweep does the work there (and catches lost tasks anywhere)."""
    if not tasks.auto_close_request.get_backend().supports_defer:
        return
    closing = closing_of(ticket)
    if closing is None:
        return
    ticket_id = ticket.pk

    def enqueue() -> None:
        if closing.remind_at is not None:
            tasks.remind_auto_close.using(run_after=closing.remind_at).enqueue(ticket_id)
        tasks.auto_close_request.using(run_after=closing.close_at).enqueue(ticket_id)

    transaction.on_commit(enqueue)

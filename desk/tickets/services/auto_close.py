"""Resolved requests close themselves (issue 8 point 7): the reminder to the customer and the
closing itself, the bodies of the deferred tasks and of the periodic sweep.

Each re-reads the request under its row lock and acts only if it is still resolved and quiet
long enough (a customer message or a reopening since makes it a no-op), so each is safe to run
twice, late, or after a newer task was scheduled.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction

from desk.core import clock
from desk.core.formatting import format_moment
from desk.outbox.services import enqueue_mail
from desk.tickets import auto_close, notifications
from desk.tickets.events import iso, record_event
from desk.tickets.models import EventKind, Status, Ticket, TicketEvent
from desk.tickets.services._steps import _save, _set_status


def _locked(ticket_id: int) -> Ticket | None:
    return Ticket.objects.select_for_update().filter(pk=ticket_id).first()


def remind_before_auto_close(*, ticket_id: int) -> str:
    """Mail the customer once per quiet stretch that the resolved request closes itself soon.
    Returns "reminded", "duplicate", "not_yet" or "not_resolved"."""
    with transaction.atomic():
        ticket = _locked(ticket_id)
        closing = auto_close.closing_of(ticket) if ticket is not None else None
        if ticket is None or closing is None or closing.remind_at is None:
            return "not_resolved"
        now = clock.now()
        if now < closing.remind_at:
            return "not_yet"
        if now >= closing.close_at:
            return "not_yet"  # too late to remind: the closing follows
        since = iso(closing.quiet_since)
        kind = EventKind.AUTO_CLOSE_REMINDER
        if TicketEvent.objects.filter(ticket=ticket, kind=kind, from_value=since).exists():
            return "duplicate"
        enqueue_mail(
            event_key=f"auto-close-reminder:{ticket.pk}:{since}",
            recipient=ticket.customer,
            template="auto_close_reminder",
            context={**notifications.ticket_context(ticket), **_when(ticket, closing.close_at)},
            thread_ref=f"req-{ticket.pk}",
            reply_ticket_id=ticket.pk,
        )
        record_event(
            ticket, kind, actor=None, from_value=since, to_value=iso(closing.close_at), data={}
        )
    return "reminded"


def close_if_quiet(*, ticket_id: int) -> str:
    """Close the resolved request if the customer has not written for DESK_AUTO_CLOSE_DAYS since
    it was resolved (or since their last message). Returns "closed", "not_yet" or
    "not_resolved"."""
    with transaction.atomic():
        ticket = _locked(ticket_id)
        closing = auto_close.closing_of(ticket) if ticket is not None else None
        if ticket is None or closing is None:
            return "not_resolved"
        now = clock.now()
        if now < closing.close_at:
            return "not_yet"
        record_event(
            ticket,
            EventKind.AUTO_CLOSED,
            actor=None,
            from_value=iso(closing.quiet_since),
            to_value=iso(closing.close_at),
            data={"days": settings.DESK_AUTO_CLOSE_DAYS},
        )
        _save(ticket, _set_status(ticket, Status.CLOSED, actor=None, at=now), now)
    return "closed"


def sweep_auto_close() -> dict[str, int]:
    """The periodic safety net: every resolved request whose reminder or closing is due (lost
    tasks, backends that cannot defer, a quiet stretch that a late message moved)."""
    counts = {"reminded": 0, "closed": 0}
    spans = [
        d for d in (settings.DESK_AUTO_CLOSE_DAYS, settings.DESK_AUTO_CLOSE_REMINDER_DAYS) if d > 0
    ]
    if settings.DESK_AUTO_CLOSE_DAYS <= 0:
        return counts
    # Nothing resolved more recently than the shorter span can be due (quiet since >= resolved).
    latest = clock.now() - timedelta(days=min(spans))
    resolved = Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lte=latest)
    for ticket_id in resolved.order_by("id").values_list("id", flat=True):
        if close_if_quiet(ticket_id=ticket_id) == "closed":
            counts["closed"] += 1
        elif remind_before_auto_close(ticket_id=ticket_id) == "reminded":
            counts["reminded"] += 1
    return counts


def _when(ticket: Ticket, close_at: datetime) -> dict[str, str | int]:
    """The closing time in the customer's zone and language, and the number of days."""
    user = ticket.customer
    try:
        zone = ZoneInfo(user.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    when = format_moment(close_at, language=user.language, zone=zone)
    return {"close_at": f"{when} ({zone.key})", "days": settings.DESK_AUTO_CLOSE_DAYS}

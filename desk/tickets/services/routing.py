"""Routing as state changes (the rules are in `desk.tickets.routing`): a request's assignee
chosen by routing, re-routing when the assignee went off shift with a reply due before their
next shift, and the sweep that does both for whatever the scheduled tasks missed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from desk.core import clock
from desk.schedules import selectors as schedules
from desk.tickets import routing
from desk.tickets.events import record_event
from desk.tickets.models import EventKind, Status, Ticket, UnroutedReason, open_statuses_filter
from desk.tickets.services._steps import _save, _set_assignee

ROUTABLE = (Status.NEW, Status.OPEN)


def _route(ticket: Ticket, at: datetime, *, why: str) -> list[str]:
    """Give `ticket` to the engineer routing chooses, or leave it in the department queue with
    the reason in the history. Call holding the row lock. Returns changed field names."""
    if not settings.DESK_ROUTING_ENABLED:
        return []
    decision = routing.choose(ticket, at)
    if decision.engineer is not None:
        return _assign(ticket, decision, at, why=why)
    if ticket.unrouted_reason == decision.reason and ticket.assignee_id is None:
        return []
    record_event(
        ticket, EventKind.NOT_ROUTED, actor=None, to_value=decision.reason, data={"why": why}
    )
    ticket.unrouted_reason = decision.reason
    return ["unrouted_reason"]


def _assign(ticket: Ticket, decision: routing.Decision, at: datetime, *, why: str) -> list[str]:
    ticket.unrouted_reason = ""
    data = {"by": "routing", "why": why, "load": decision.load}
    fields = _set_assignee(
        ticket, decision.engineer, actor=None, data=data, at=at, shift=decision.shift
    )
    return ["unrouted_reason", *fields]


def reroute_if_off_shift(*, ticket_id: int, at: datetime | None = None) -> bool:
    """Hand the request to an engineer on shift if its assignee is off shift with the reply due
    before their next shift (when nobody fits better, the assignee keeps it), or route it if
    routing left it waiting for a shift. True when it moved. Safe to run twice: the task at the
    end of a shift and the sweep both call it."""
    at = at or clock.now()
    if not settings.DESK_ROUTING_ENABLED:
        return False
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None or ticket.status not in ROUTABLE:
            return False
        before = ticket.assignee_id
        if before is None:
            if ticket.unrouted_reason != UnroutedReason.OFF_SHIFT:
                return False  # a person left it unassigned: routing does not overrule them
            fields = _route(ticket, at, why="on_shift_again")
        else:
            calendar = schedules.shift_calendars([before])[before]
            if not routing.needs_rerouting(ticket, calendar, at):
                return False
            decision = routing.choose(ticket, at, exclude=(before,))
            if decision.engineer is None:
                return False
            fields = _assign(ticket, decision, at, why="assignee_off_shift")
        if fields:
            _save(ticket, fields, at)
        return ticket.assignee_id != before


def sweep_routing(now: datetime | None = None) -> dict[str, int]:
    """The safety net of routing, run periodically: every request whose assignee went off shift
    with its reply due before their next shift, and every request left waiting for a shift."""
    now = now or clock.now()
    counts = {"rerouted": 0, "routed": 0}
    held = list(
        Ticket.objects.filter(
            open_statuses_filter(),
            status__in=ROUTABLE,
            assignee__isnull=False,
            reply_due_at__isnull=False,
        ).only("id", "status", "assignee_id", "reply_due_at")
    )
    calendars = schedules.shift_calendars(t.assignee_id for t in held if t.assignee_id)
    for ticket in held:
        calendar = calendars.get(ticket.assignee_id or 0)
        if calendar is not None and routing.needs_rerouting(ticket, calendar, now):
            counts["rerouted"] += reroute_if_off_shift(ticket_id=ticket.pk, at=now)
    waiting = Ticket.objects.filter(
        open_statuses_filter(),
        Q(status__in=ROUTABLE),
        assignee__isnull=True,
        unrouted_reason=UnroutedReason.OFF_SHIFT,
    ).values_list("pk", flat=True)
    for ticket_id in waiting:
        counts["routed"] += reroute_if_off_shift(ticket_id=ticket_id, at=now)
    return counts

"""Routing requests to engineers (PRODUCT.md §7, issue 8 point 4): the rules and the reads.

A new request (web or mail) goes to an engineer of its department who speaks its language and
is on shift, least loaded first: the requests they hold open, a Hotrush one counting
`DESK_ROUTING_HOTRUSH_WEIGHT` times; ties go to the engineer with the lower id. When nobody
fits, the request stays in the department queue with the reason (`Ticket.unrouted_reason`).
Engineers take or hand over requests as before (`services.assign`).

Two requests arriving at once must not both read a load count the other is about to change:
`choose` locks the candidates' engineer rows (in id order, so routers never deadlock) before it
counts, which serialises routing among the same engineers on PostgreSQL; SQLite serialises every
writing transaction anyway (IMMEDIATE). The counts come from a maintained aggregate
(`desk.tickets.loads`), so the lock is held for a few rows' read, not a count of every open
request.

A request is re-routed when its assignee is off shift with its reply due before their next
shift (`needs_rerouting`): a task checks at the end of the assignee's shift, and the sweep
(`services.sweep_routing`) catches what the tasks missed, and routes requests left in a queue
for want of anyone on shift once somebody fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from desk.accounts.models import Engineer
from desk.schedules import selectors as schedules
from desk.sla import shifts
from desk.sla.calendar import BusinessCalendar
from desk.tickets import loads, tasks
from desk.tickets.models import OPEN_STATUSES, Ticket, UnroutedReason


@dataclass(frozen=True, slots=True)
class Decision:
    engineer: Engineer | None
    reason: str  # an UnroutedReason when nobody fits, else ""
    load: int  # the chosen engineer's weighted open requests before this one
    shift: BusinessCalendar | None = None  # the chosen engineer's shifts, read by `choose`


def choose(ticket: Ticket, at: datetime, *, exclude: Iterable[int] = ()) -> Decision:
    """The engineer `ticket` should go to at `at`. Locks the candidates' rows: call inside the
    transaction that assigns it."""
    skipped = set(exclude)
    department = schedules.department_engineers(ticket.department_id)
    speakers = [e for e in department if ticket.language in e.languages and e.pk not in skipped]
    if not speakers:
        reason = UnroutedReason.NO_SPEAKER if department else UnroutedReason.NO_ENGINEER
        return Decision(None, reason, 0)
    calendars = schedules.shift_calendars(e.pk for e in speakers)
    on_shift = [e for e in speakers if calendars[e.pk].is_working(at)]
    if not on_shift:
        return Decision(None, UnroutedReason.OFF_SHIFT, 0)
    ids = [e.pk for e in on_shift]
    # The lock that keeps two routers from reading the same stale counts.
    list(Engineer.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    held = loads_of(ids)
    chosen = min(on_shift, key=lambda e: (held[e.pk], e.pk))
    return Decision(chosen, "", held[chosen.pk], calendars[chosen.pk])


def loads_of(engineer_ids: Iterable[int]) -> dict[int, int]:
    """Weighted open requests each engineer holds (Hotrush counts more). One query, over the
    maintained aggregate (`desk.tickets.loads`), not over the requests."""
    weight = settings.DESK_ROUTING_HOTRUSH_WEIGHT
    return {
        engineer: total + (weight - 1) * hotrush
        for engineer, (total, hotrush) in loads.of(engineer_ids).items()
    }


def needs_rerouting(ticket: Ticket, calendar: BusinessCalendar, at: datetime) -> bool:
    """The assignee (whose shift calendar is `calendar`) is off shift at `at` and the running
    reply clock is due before their next shift."""
    due = ticket.reply_due_at
    if ticket.assignee_id is None or due is None or ticket.status not in OPEN_STATUSES:
        return False
    if calendar.is_working(at):
        return False
    try:
        back = calendar.next_working_moment(at)
    except ValueError:  # no shift ahead at all
        return True
    return back > due


def watch_shift_end(
    ticket: Ticket,
    engineer: Engineer | None,
    at: datetime,
    *,
    shift: BusinessCalendar | None = None,
) -> None:
    """After commit, a task at the end of the assignee's current shift checks whether the
    request must move on (nothing when off shift now, or where tasks cannot be deferred).
    `shift`: the engineer's shift calendar when the caller has just read it (routing)."""
    if engineer is None or not tasks.reroute_request.get_backend().supports_defer:
        return
    if shift is not None:
        end = shifts.shift_end(shift, at)
    else:
        end = schedules.current_shift_end(engineer, at)
    if end is not None:
        transaction.on_commit(lambda: tasks.reroute_request.using(run_after=end).enqueue(ticket.pk))

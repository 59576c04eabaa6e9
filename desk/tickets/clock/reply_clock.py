"""The reply clock of requests on the SLA engine (PRODUCT.md §3).

A customer message that awaits an answer starts the clock (`awaiting_reply_since`) and sets the
due time from the matching SLA policy (`reply_due_at`); the engineer's public reply stops it and
records met or breached; waiting on the customer, resolving or closing stops it without an
outcome (nothing is owed). A warning task and a breach task are scheduled for every due time
with `run_after`, after commit; both check that the due time is still current, so a moved due
time leaves the old tasks as no-ops. Changing calendars or policies recomputes the due times of
all running clocks in one batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from desk.core import clock
from desk.sla import services as sla
from desk.sla.models import Calendar
from desk.tickets import tasks
from desk.tickets.clock import alerts
from desk.tickets.events import iso, record_sla_outcome
from desk.tickets.models import OPEN_STATUSES, EventKind, Ticket


def start(ticket: Ticket, at: datetime) -> list[str]:
    """A customer is owed an answer from `at`, unless already. Returns changed field names."""
    if ticket.awaiting_reply_since is not None:
        return []
    ticket.awaiting_reply_since = at
    due = sla.due_for(plan_id=ticket.plan_id, is_hotrush=ticket.is_hotrush, started_at=at)
    ticket.reply_due_at = due.due_at if due is not None else None
    if due is not None:
        _schedule_after_commit(ticket, due)
    return ["awaiting_reply_since", "reply_due_at"]


def stop(ticket: Ticket, at: datetime, *, replied: bool = False, first: bool = False) -> list[str]:
    """Nobody owes an answer any more. A public reply (`replied`) records the clock's outcome:
    met if `at` is not after the due time, else breached (unless the breach task already did).
    Call holding the row lock. Returns changed field names."""
    started, due = ticket.awaiting_reply_since, ticket.reply_due_at
    if started is None and due is None:
        return []
    if replied and started is not None and due is not None:
        _record_reply_outcome(ticket, started, due, at, first=first)
    ticket.awaiting_reply_since = None
    ticket.reply_due_at = None
    return ["awaiting_reply_since", "reply_due_at"]


def _record_reply_outcome(
    ticket: Ticket, started: datetime, due: datetime, at: datetime, *, first: bool
) -> None:
    target = sla.reply_target(plan_id=ticket.plan_id, is_hotrush=ticket.is_hotrush)
    used = target.calendar.elapsed(started, at) if target is not None else at - started
    met = at <= due
    record_sla_outcome(
        ticket,
        EventKind.SLA_MET if met else EventKind.SLA_BREACHED,
        actor=None,
        started_at=started,
        due_at=due,
        data={
            **alerts.clock_facts(ticket, first=first),
            "due_at": iso(due),
            "replied_at": iso(at),
            "working_seconds_used": round(used.total_seconds()),
        },
    )


# --- scheduling -----------------------------------------------------------------------------


def schedule(ticket_id: int, due_at: datetime, warn_at: datetime) -> None:
    """Enqueue the warning and the breach of a due time. Backends that cannot defer (the
    in-process test backend) enqueue nothing: `sweep_reply_clocks` does the work there."""
    if not tasks.record_breach.get_backend().supports_defer:
        return
    due_iso = iso(due_at)
    tasks.warn_before_due.using(run_after=warn_at).enqueue(ticket_id, due_iso)
    tasks.record_breach.using(run_after=due_at).enqueue(ticket_id, due_iso)


# --- recomputing ----------------------------------------------------------------------------


def recompute_open_due_times() -> int:
    """New due times for every running reply clock after a calendar, holiday or policy change,
    in one batch: a fixed number of queries whatever the number of requests. Due times already
    passed stay (their breach is history). Returns the number of requests whose due time moved.
    """
    now = clock.now()
    with transaction.atomic():
        running = list(
            Ticket.objects.select_for_update()
            .filter(status__in=OPEN_STATUSES, awaiting_reply_since__isnull=False)
            .exclude(reply_due_at__lte=now)
            .only("id", "plan_id", "is_hotrush", "awaiting_reply_since", "reply_due_at")
            .order_by("id")
        )
        keys = [
            sla.ClockKey(t.plan_id, t.is_hotrush, t.awaiting_reply_since)  # type: ignore[arg-type]
            for t in running
        ]
        moved: list[tuple[Ticket, sla.ClockDue | None]] = []
        for ticket, due in zip(running, sla.dues_for(keys), strict=True):
            new = due.due_at if due is not None else None
            if not sla.same_instant(new, ticket.reply_due_at):
                ticket.reply_due_at = new
                moved.append((ticket, due))
        Ticket.objects.bulk_update([ticket for ticket, _ in moved], ["reply_due_at"])
        for ticket, due in moved:
            if due is not None:
                _schedule_after_commit(ticket, due)
    return len(moved)


def _schedule_after_commit(ticket: Ticket, due: sla.ClockDue) -> None:
    # The ticket may have no id yet (it is being opened): read it at commit time.
    transaction.on_commit(lambda: schedule(ticket.pk, due.due_at, due.warn_at))


def add_holiday(*, calendar: Calendar, day: date, name: str = "") -> int:
    """A holiday on `calendar`, then the due times of open requests recomputed (one batch)."""
    with transaction.atomic():
        sla.add_holiday(calendar=calendar, day=day, name=name)
        return recompute_open_due_times()


def sla_configuration_changed(*, calendar_ids: Iterable[int] = ()) -> int:
    """Call after calendars, holidays, special days or policies changed (the admin does)."""
    with transaction.atomic():
        for calendar_id in calendar_ids:
            sla.mark_calendar_changed(calendar_id=calendar_id)
        return recompute_open_due_times()


# --- display ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeLeft:
    """Working time left before the due time, or real time since it passed (`is_overdue`)."""

    seconds: int
    is_overdue: bool
    is_working_now: bool


def time_left(tickets: Iterable[Ticket], now: datetime) -> dict[int, TimeLeft]:
    """For every ticket with a due time (one policy query for all, no more)."""
    book = sla.PolicyBook()
    result = {}
    for ticket in tickets:
        due = ticket.reply_due_at
        if due is None:
            continue
        target = book.target(plan_id=ticket.plan_id, is_hotrush=ticket.is_hotrush)
        working = target.calendar.is_working(now) if target is not None else True
        if due <= now:
            result[ticket.pk] = TimeLeft(int((now - due).total_seconds()), True, working)
            continue
        left = target.calendar.elapsed(now, due) if target is not None else due - now
        result[ticket.pk] = TimeLeft(int(left.total_seconds()), False, working)
    return result

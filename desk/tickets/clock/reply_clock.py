"""The reply clock of requests on the SLA engine (PRODUCT.md §3, issue 8: "a pause is a pause").

A customer message that awaits an answer starts the clock (`awaiting_reply_since`) and sets the
due time from the matching SLA policy (`reply_due_at`). The engineer's public reply stops it and
records met or breached, with the working time the clock ran and stood still. Waiting on the
customer or resolving **pauses** it: the working time left is kept and nothing is due; staff
moving the request back to new or open **resume** it with exactly that working time; a customer
message on a paused clock starts a new one under the full guarantee. Closing stops it.

The due time is a promise: apart from a pause, nothing moves it later. Editing a calendar
pulls a running due time earlier when the new hours give the remaining working time sooner,
and never pushes it later; an SLA policy applies to clocks that start after it changed; raising
Hotrush takes the earlier of the current due time and the Hotrush guarantee from that moment.

A warning task and a breach task are scheduled for every due time with `run_after`, after
commit; both check that the due time is still current, so a moved due time leaves the old tasks
as no-ops. Every pause and resume is written to the history in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q

from desk.accounts.models import User
from desk.core import clock
from desk.sla import services as sla
from desk.sla.calendar import BusinessCalendar
from desk.sla.models import Calendar
from desk.tickets import tasks
from desk.tickets.clock import alerts
from desk.tickets.events import iso, record_event, record_sla_outcome
from desk.tickets.models import EventKind, Ticket, open_statuses_filter

ZERO = timedelta(0)
# Every field the clock owns: services save them all when any changed.
FIELDS = [
    "awaiting_reply_since",
    "reply_due_at",
    "reply_running_since",
    "reply_paused_at",
    "reply_left",
    "reply_used",
    "reply_paused",
]


def is_running(ticket: Ticket) -> bool:
    return ticket.awaiting_reply_since is not None and ticket.reply_paused_at is None


def is_paused(ticket: Ticket) -> bool:
    return ticket.awaiting_reply_since is not None and ticket.reply_paused_at is not None


def start(ticket: Ticket, at: datetime) -> list[str]:
    """A customer message at `at` is owed an answer. A running clock goes on (the customer is
    already owed the earlier answer); a paused or stopped one starts anew with the full
    guarantee. Returns changed field names."""
    if is_running(ticket):
        return []
    due = sla.due_for(
        plan_id=ticket.plan_id,
        is_hotrush=ticket.is_hotrush,
        started_at=at,
        department_id=ticket.department_id,
    )
    ticket.awaiting_reply_since = ticket.reply_running_since = at
    ticket.reply_paused_at = None
    ticket.reply_used = ticket.reply_paused = ZERO
    ticket.reply_due_at = due.due_at if due is not None else None
    ticket.reply_left = due.budget if due is not None else None
    if due is not None:
        _schedule_after_commit(ticket, due)
    return FIELDS


def pause(ticket: Ticket, at: datetime, *, actor: User | None) -> list[str]:
    """The request waits on the customer (or is resolved): a running clock stands still at `at`
    and keeps the working time it had left (none once overdue). Call holding the row lock."""
    started = ticket.awaiting_reply_since
    if started is None or ticket.reply_paused_at is not None:  # not running
        return []
    calendar = _calendar(ticket)
    due = ticket.reply_due_at
    used = _elapsed(calendar, _running_since(ticket), at)
    ticket.reply_used += used
    ticket.reply_left = _elapsed(calendar, at, due) if due is not None else None
    ticket.reply_paused_at = at
    ticket.reply_due_at = ticket.reply_running_since = None
    record_event(
        ticket,
        EventKind.SLA_PAUSED,
        actor=actor,
        from_value=iso(started),
        to_value=iso(due) if due is not None else "",
        data={
            "paused_at": iso(at),
            "due_at": iso(due) if due is not None else None,
            "left_seconds": _seconds(ticket.reply_left),
            "working_seconds_used": _seconds(ticket.reply_used),
        },
    )
    return FIELDS


def resume(ticket: Ticket, at: datetime, *, actor: User | None) -> list[str]:
    """Staff move a paused request back to new or open without a customer message: the clock
    runs again from `at` with exactly the working time it had left."""
    started, paused_at = ticket.awaiting_reply_since, ticket.reply_paused_at
    if started is None or paused_at is None:  # not paused
        return []
    stood = _elapsed(_calendar(ticket), paused_at, at)
    ticket.reply_paused += stood
    ticket.reply_paused_at = None
    ticket.reply_running_since = at
    due = None
    if ticket.reply_left is not None:
        due = sla.due_after(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            since=at,
            left=ticket.reply_left,
            department_id=ticket.department_id,
        )
    ticket.reply_due_at = due.due_at if due is not None else None
    if due is not None:
        _schedule_after_commit(ticket, due)
    record_event(
        ticket,
        EventKind.SLA_RESUMED,
        actor=actor,
        from_value=iso(started),
        to_value=iso(due.due_at) if due is not None else "",
        data={
            "resumed_at": iso(at),
            "due_at": iso(due.due_at) if due is not None else None,
            "left_seconds": _seconds(ticket.reply_left),
            "paused_seconds": _seconds(stood),
        },
    )
    return FIELDS


def stop(ticket: Ticket, at: datetime, *, replied: bool = False, first: bool = False) -> list[str]:
    """Nobody owes an answer any more. A public reply (`replied`) records the clock's outcome:
    met if it came by the due time (or while the clock stood still before it), else breached
    (unless the breach task already recorded it). Call holding the row lock. Returns changed
    field names."""
    if ticket.awaiting_reply_since is None:
        return []
    if replied:
        _record_reply_outcome(ticket, at, first=first)
    ticket.awaiting_reply_since = ticket.reply_due_at = None
    ticket.reply_running_since = ticket.reply_paused_at = ticket.reply_left = None
    ticket.reply_used = ticket.reply_paused = ZERO
    return FIELDS


def raise_to_hotrush(ticket: Ticket, at: datetime) -> list[str]:
    """The request became Hotrush at `at` (`ticket.is_hotrush` is already set): the running clock
    is due at the earlier of its due time and the Hotrush guarantee counted from `at`; a paused
    one keeps at most the Hotrush guarantee for when it runs again. Returns changed fields."""
    if ticket.awaiting_reply_since is None:
        return []
    if ticket.plan_id is None:  # a department request has no Hotrush
        return []
    rush = sla.due_for(plan_id=ticket.plan_id, is_hotrush=True, started_at=at)
    if rush is None:
        return []
    if is_paused(ticket):
        left = ticket.reply_left
        ticket.reply_left = rush.budget if left is None else min(left, rush.budget)
        return FIELDS
    ticket.reply_used += _elapsed(_calendar(ticket, is_hotrush=False), _running_since(ticket), at)
    due = ticket.reply_due_at
    chosen = rush.due_at if due is None else min(due, rush.due_at)
    ticket.reply_running_since = at
    ticket.reply_left = rush.target.calendar.elapsed(at, chosen)
    if due is None or not sla.same_instant(chosen, due):
        ticket.reply_due_at = chosen
        due_now = sla.ClockDue(chosen, sla.warn_time(rush.target, at, chosen), rush.target, ZERO)
        _schedule_after_commit(ticket, due_now)
    return FIELDS


def _record_reply_outcome(ticket: Ticket, at: datetime, *, first: bool) -> None:
    started, due = ticket.awaiting_reply_since, ticket.reply_due_at
    assert started is not None  # noqa: S101  # checked by the caller
    calendar = _calendar(ticket)
    paused_at = ticket.reply_paused_at
    if paused_at is not None:
        # The reply came while the clock stood still: met if it stood still before the due
        # time; the due time is then where the clock would have run out had it run on.
        left = ticket.reply_left
        if left is None:
            return
        met = left > ZERO
        used = ticket.reply_used
        paused = ticket.reply_paused + _elapsed(calendar, paused_at, at)
        due = _added(calendar, at, left) if met else paused_at
    else:
        if due is None:
            return
        met = at <= due
        used = ticket.reply_used + _elapsed(calendar, _running_since(ticket), at)
        paused = ticket.reply_paused
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
            "working_seconds_used": _seconds(used),
            "working_seconds_paused": _seconds(paused),
        },
    )


def _calendar(ticket: Ticket, *, is_hotrush: bool | None = None) -> BusinessCalendar | None:
    flag = ticket.is_hotrush if is_hotrush is None else is_hotrush
    target = sla.reply_target(
        plan_id=ticket.plan_id, is_hotrush=flag, department_id=ticket.department_id
    )
    return target.calendar if target is not None else None


def _elapsed(calendar: BusinessCalendar | None, start: datetime | None, end: datetime) -> timedelta:
    """Working time in `[start, end)`; real time when no policy applies."""
    if start is None or end <= start:
        return ZERO
    return calendar.elapsed(start, end) if calendar is not None else end - start


def _added(calendar: BusinessCalendar | None, start: datetime, left: timedelta) -> datetime:
    return calendar.add(start, left) if calendar is not None else start + left


def _running_since(ticket: Ticket) -> datetime | None:
    # Clocks started before pauses existed have no `reply_running_since`: they ran from the start.
    return ticket.reply_running_since or ticket.awaiting_reply_since


def _seconds(value: timedelta | None) -> int | None:
    return None if value is None else round(value.total_seconds())


# --- scheduling -----------------------------------------------------------------------------


def schedule(ticket_id: int, due_at: datetime, warn_at: datetime) -> None:
    """Enqueue the warning and the breach of a due time. Backends that cannot defer (the
    in-process test backend) enqueue nothing: `alerts.sweep` does the work there."""
    if not tasks.record_breach.get_backend().supports_defer:
        return
    due_iso = iso(due_at)
    tasks.warn_before_due.using(run_after=warn_at).enqueue(ticket_id, due_iso)
    tasks.record_breach.using(run_after=due_at).enqueue(ticket_id, due_iso)


def _schedule_after_commit(ticket: Ticket, due: sla.ClockDue) -> None:
    # The ticket may have no id yet (it is being opened): read it at commit time.
    transaction.on_commit(lambda: schedule(ticket.pk, due.due_at, due.warn_at))


# --- configuration changes ------------------------------------------------------------------


def recompute_open_due_times() -> int:
    """After a calendar or holiday change: every running clock is due at the earlier of its
    promised due time and the moment its remaining working time runs out on the new hours
    (counted from when it last started running); a clock that had no policy gets a due time if
    one applies now. A due time never moves later here, due times already passed stay (their
    breach is history), and a changed policy applies to clocks that start after it. One batch:
    a fixed number of queries whatever the number of requests. Returns the number of requests
    whose due time moved."""
    now = clock.now()
    with transaction.atomic():
        running = list(
            Ticket.objects.select_for_update()
            .filter(open_statuses_filter(), awaiting_reply_since__isnull=False)
            .filter(Q(reply_due_at__gt=now) | Q(reply_due_at__isnull=True))
            .filter(reply_paused_at__isnull=True)
            .only(
                "id",
                "plan_id",
                "department_id",
                "is_hotrush",
                "awaiting_reply_since",
                "reply_running_since",
                "reply_left",
                "reply_due_at",
            )
            .order_by("id")
        )
        anchored = [(ticket, _anchor(ticket)) for ticket in running]
        anchors = [anchor for _ticket, anchor in anchored if anchor is not None]
        dues = iter(sla.anchored_dues(anchors))
        candidates = [(ticket, next(dues)) for ticket, anchor in anchored if anchor is not None]
        # Clocks started before pauses existed carry no anchor: they ran from their start.
        candidates += [
            (ticket, _due_from_start(ticket)) for ticket in running if ticket.reply_left is None
        ]
        moved: list[tuple[Ticket, sla.ClockDue]] = []
        for ticket, due in candidates:
            current = ticket.reply_due_at
            if due is None or (current is not None and due.due_at >= current):
                continue
            if not sla.same_instant(due.due_at, current):
                if ticket.reply_left is None:  # anchored from now on
                    ticket.reply_running_since, ticket.reply_left = (
                        _running_since(ticket),
                        due.budget,
                    )
                ticket.reply_due_at = due.due_at
                moved.append((ticket, due))
        Ticket.objects.bulk_update(
            [ticket for ticket, _ in moved], ["reply_due_at", "reply_running_since", "reply_left"]
        )
        for ticket, due in moved:
            _schedule_after_commit(ticket, due)
    return len(moved)


def _anchor(ticket: Ticket) -> sla.ClockAnchor | None:
    since, left = _running_since(ticket), ticket.reply_left
    if since is None or left is None:
        return None
    return sla.ClockAnchor(ticket.plan_id, ticket.is_hotrush, since, left, ticket.department_id)


def _due_from_start(ticket: Ticket) -> sla.ClockDue | None:
    started = ticket.awaiting_reply_since
    assert started is not None  # noqa: S101  # filtered
    return sla.due_for(
        plan_id=ticket.plan_id,
        is_hotrush=ticket.is_hotrush,
        started_at=started,
        department_id=ticket.department_id,
    )


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
    """Working time left before the due time, or real time since it passed (`is_overdue`);
    for a paused clock, the working time it will have when it runs again (`is_paused`)."""

    seconds: int
    is_overdue: bool
    is_working_now: bool
    is_paused: bool = False


def time_left(tickets: Iterable[Ticket], now: datetime) -> dict[int, TimeLeft]:
    """For every ticket with a running or paused clock (one policy query for all, no more)."""
    book = sla.PolicyBook()
    result = {}
    for ticket in tickets:
        due = ticket.reply_due_at
        target = book.target(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            department_id=ticket.department_id,
        )
        working = target.calendar.is_working(now) if target is not None else True
        if due is None:
            if is_paused(ticket) and ticket.reply_left is not None:
                seconds = int(ticket.reply_left.total_seconds())
                result[ticket.pk] = TimeLeft(seconds, False, working, is_paused=True)
            continue
        if due <= now:
            result[ticket.pk] = TimeLeft(int((now - due).total_seconds()), True, working)
            continue
        left = target.calendar.elapsed(now, due) if target is not None else due - now
        result[ticket.pk] = TimeLeft(int(left.total_seconds()), False, working)
    return result

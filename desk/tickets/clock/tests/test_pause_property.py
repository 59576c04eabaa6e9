"""No sequence of staff actions can lengthen the time owed for a customer message (issue 8,
point 1): random sequences of status changes, assignments, notes, department moves, calendar
edits, customer messages, replies and Hotrush raises, run through the real services, against a
reference model that knows nothing of the SLA engine.

The reference lays the support calendar out minute by minute (the seeded hours, plus the
holidays and special days the sequence adds) and follows the rules of the clock in plain terms:

* a customer message when no clock runs starts one: 1 business day (or 2 working hours for
  Hotrush) of working time from the message;
* waiting or resolved pauses a running clock and keeps the working time left until the due
  time (none once overdue); new or open resumes it with exactly that; closing stops it;
* a calendar edit moves a running due time to where the working time left when it last started
  running ends on the new hours, if that is earlier;
* raising Hotrush takes the earlier of the due time and 2 working hours from now (a paused
  clock keeps at most 2 working hours);
* a reply records met (by the due time, or while paused before it) or breached, with the
  working minutes the clock ran and stood still; the breach task records it at the due time.

After every step the system must agree with the reference (due time, paused or not, time left,
every outcome) and the invariant must hold: an action other than a customer message never moves
a running due time later, a pause keeps exactly the working time that was left, and a resume
gives back exactly that. `DESK_PROPERTY_EXAMPLES` raises the number of examples (default 40).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.accounts.models import Department
from desk.core.errors import DeskError
from desk.sla.models import Calendar, CalendarHoliday, CalendarOverride
from desk.tickets import services
from desk.tickets.clock import alerts, reply_clock
from desk.tickets.models import EventKind, Status, Ticket, TicketEvent
from desk.tickets.tests.builders import next_moscow, open_request

EXAMPLES = int(os.environ.get("DESK_PROPERTY_EXAMPLES", "40"))
MSK_OFFSET = 180  # Moscow is UTC+3 all year: local minute = UTC minute + 180
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOTRUSH_MINUTES = 120
SPAN_DAYS = 45
Shifts = list[list[str]]
OVERRIDES: tuple[Shifts, ...] = (
    [],
    [["10:00", "14:00"]],
    [["00:00", "24:00"]],
    [["20:00", "02:00"]],
)
DEPARTMENTS = ("technical-support", "customer-service", "sales")


# --- the reference: working minutes laid out one by one --------------------------------------


def _clock_minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


class RefCalendar:
    """The support calendar as a list of working UTC minutes from `base` on."""

    def __init__(
        self,
        weekly: dict[str, Shifts],
        holidays: set[date],
        overrides: dict[date, Shifts],
        base: int,
    ):
        self.weekly, self.holidays, self.overrides = weekly, holidays, overrides
        self.base = base
        working = bytearray(SPAN_DAYS * 1440)
        first_day = (base + MSK_OFFSET) // 1440 - 1
        for day_number in range(first_day, first_day + SPAN_DAYS + 1):
            for opens, closes in self.shifts_on(_day(day_number)):
                start = day_number * 1440 + opens - MSK_OFFSET - base
                end = start + ((closes - opens) % 1440 or 1440)
                lo, hi = max(start, 0), min(end, len(working))
                if lo < hi:
                    working[lo:hi] = b"\x01" * (hi - lo)
        self.working = working
        self.cum = [0, *accumulate(working)]

    def shifts_on(self, day: date) -> list[tuple[int, int]]:
        specs = self.overrides.get(day)
        if specs is None:
            specs = [] if day in self.holidays else self.weekly.get(WEEKDAYS[day.weekday()], [])
        return [(_clock_minutes(a), _clock_minutes(b)) for a, b in specs]

    def elapsed(self, a: int, b: int) -> int:
        return max(0, self.cum[b - self.base] - self.cum[a - self.base]) if b > a else 0

    def add(self, a: int, n: int) -> int:
        if n <= 0:
            return a
        target = self.cum[a - self.base] + n
        return self.base + bisect_left(self.cum, target)

    def next_working(self, m: int) -> int:
        i = m - self.base
        while not self.working[i]:
            i += 1
        return self.base + i

    def budget(self, t: int, is_hotrush: bool) -> int:
        if is_hotrush:
            return HOTRUSH_MINUTES
        local = t + MSK_OFFSET
        day_number, minute_of_day = divmod(local, 1440)
        following = day_number + 1
        while not self.shifts_on(_day(following)):
            following += 1
        same_clock = following * 1440 + minute_of_day - MSK_OFFSET
        return self.elapsed(t, self.next_working(same_clock))


def _day(day_number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=day_number)


@dataclass
class RefClock:
    status: str = Status.NEW
    is_hotrush: bool = False
    owed: bool = False
    paused_at: int | None = None
    due: int | None = None
    left: int = 0  # minutes left when paused
    since: int = 0  # the anchor: where the current stretch of running began ...
    anchor_left: int = 0  # ... and the working minutes left then
    used: int = 0
    paused: int = 0
    started: int = 0
    settled: bool = False  # this clock's outcome is recorded
    outcomes: list[tuple[str, int, int]] = field(default_factory=list)
    # One outcome per clock start (a unique constraint): two clocks that start in the same
    # instant, which only a test's frozen clock can produce, share it.
    settled_starts: set[int] = field(default_factory=set)

    @property
    def running(self) -> bool:
        return self.owed and self.paused_at is None

    def start(self, t: int, cal: RefCalendar) -> None:
        budget = cal.budget(t, self.is_hotrush)
        self.owed, self.paused_at, self.settled = True, None, t in self.settled_starts
        self.started = t
        self.due, self.since, self.anchor_left = cal.add(t, budget), t, budget
        self.used = self.paused = 0

    def pause(self, t: int, cal: RefCalendar) -> None:
        if self.running:
            assert self.due is not None
            self.used += cal.elapsed(self.since, t)
            self.left, self.paused_at, self.due = cal.elapsed(t, self.due), t, None

    def resume(self, t: int, cal: RefCalendar) -> None:
        if self.owed and self.paused_at is not None:
            self.paused += cal.elapsed(self.paused_at, t)
            self.paused_at, self.since, self.anchor_left = None, t, self.left
            self.due = cal.add(t, self.left)

    def stop(self) -> None:
        self.owed, self.paused_at, self.due = False, None, None

    def set_status(self, status: str, t: int, cal: RefCalendar) -> None:
        if status == self.status:
            return
        self.status = status
        if status == Status.CLOSED:
            self.stop()
        elif status in (Status.WAITING, Status.RESOLVED):
            self.pause(t, cal)
        else:
            self.resume(t, cal)

    def settle(self, kind: str, used: int, paused: int) -> None:
        if not self.settled:
            self.outcomes.append((kind, used * 60, paused * 60))
            self.settled = True
            self.settled_starts.add(self.started)

    def breach_due(self, t: int, cal: RefCalendar) -> None:
        if self.running and self.due is not None and self.due <= t:
            used = self.used + cal.elapsed(self.since, self.due)
            self.settle(EventKind.SLA_BREACHED, used, self.paused)

    def reply(self, t: int, status: str | None, cal: RefCalendar) -> None:
        if self.owed and self.paused_at is not None:
            met = self.left > 0
            paused = self.paused + cal.elapsed(self.paused_at, t)
            self.settle(EventKind.SLA_MET if met else EventKind.SLA_BREACHED, self.used, paused)
        elif self.running and self.due is not None:
            met = t <= self.due
            used = self.used + cal.elapsed(self.since, t)
            self.settle(EventKind.SLA_MET if met else EventKind.SLA_BREACHED, used, self.paused)
        self.stop()
        keep = self.status not in (Status.NEW, Status.OPEN)
        self.set_status(status or (self.status if keep else Status.WAITING), t, cal)

    def message(self, t: int, cal: RefCalendar) -> None:
        if not self.running:
            self.start(t, cal)
        if self.status in (Status.WAITING, Status.RESOLVED):
            self.status = Status.OPEN

    def calendar_edited(self, t: int, cal: RefCalendar) -> None:
        if self.running and self.due is not None and self.due > t:
            self.due = min(self.due, cal.add(self.since, self.anchor_left))

    def raise_hotrush(self, t: int, cal: RefCalendar) -> None:
        self.is_hotrush = True
        if self.owed and self.paused_at is not None:
            self.left = min(self.left, HOTRUSH_MINUTES)
        elif self.running and self.due is not None:
            self.used += cal.elapsed(self.since, t)
            self.due = min(self.due, cal.add(t, HOTRUSH_MINUTES))
            self.since, self.anchor_left = t, cal.elapsed(t, self.due)


# --- actions ---------------------------------------------------------------------------------

STATUSES = [Status.NEW, Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED]
status_changes = st.tuples(st.just("status"), st.sampled_from(STATUSES[:4] * 4 + STATUSES[4:]))
# Waits and status changes come up three times as often as the rest: pauses and resumes with
# working time passing in between are where a clock could be bent.
actions = st.one_of(
    st.tuples(st.just("wait"), st.sampled_from([1, 5, 29, 30, 60, 119, 120, 240, 600, 1440])),
    st.tuples(st.just("wait"), st.integers(0, 900)),
    st.tuples(st.just("wait"), st.integers(0, 180)),
    status_changes,
    status_changes,
    status_changes,
    st.tuples(st.just("message")),
    st.tuples(st.just("reply"), st.sampled_from([None, None, Status.OPEN, Status.RESOLVED])),
    st.tuples(st.just("assign"), st.sampled_from(["en", "ru", None])),
    st.tuples(st.just("note")),
    st.tuples(st.just("department"), st.sampled_from(DEPARTMENTS)),
    st.tuples(st.just("holiday"), st.integers(-1, 6)),
    st.tuples(st.just("unholiday"), st.integers(-1, 6)),
    st.tuples(st.just("override"), st.integers(-1, 6), st.sampled_from(range(len(OVERRIDES)))),
    st.tuples(st.just("hotrush")),
)
scenarios = st.tuples(
    st.integers(0, 7 * 1440 - 1),  # minute of the week the request is opened
    st.booleans(),  # opened as Hotrush
    # long sequences: hypothesis alone favours short lists, and shrinks them when one fails
    st.integers(4, 30).flatmap(lambda n: st.lists(actions, min_size=n, max_size=n)),
)


def _minute(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    seconds = moment.timestamp()
    assert seconds % 60 == 0, moment
    return int(seconds) // 60


def _moment(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


class Run:
    """One scenario, on the system and on the reference side by side."""

    def __init__(self, people: dict[str, Any], clock: Any, opened: int, is_hotrush: bool):
        self.people, self.clock, self.t = people, clock, opened
        self.support = Calendar.objects.get(code="support-hours")
        self.holidays: set[date] = set()
        self.overrides: dict[date, Shifts] = {}
        self.cal = self._ref_calendar(opened - 2 * 1440)
        clock.current = _moment(opened)
        self.ticket = open_request(people["alice"], people["store"], is_hotrush=is_hotrush)
        self.ref = RefClock(is_hotrush=is_hotrush)
        self.ref.start(opened, self.cal)

    def _ref_calendar(self, base: int) -> RefCalendar:
        return RefCalendar(self.support.weekly, self.holidays, self.overrides, base)

    def do(self, action: tuple[Any, ...]) -> bool:
        """Apply one action to both sides; False once the request is closed."""
        name, *args = action
        before = self._observed()
        getattr(self, f"_{name}")(*args)
        self._check_invariant(name, before)
        self._check_agreement()
        return self.ref.status != Status.CLOSED

    # the actions, each on both sides
    def _wait(self, minutes: int) -> None:
        self.t += minutes
        self.clock.current = _moment(self.t)
        alerts.sweep()
        self.ref.breach_due(self.t, self.cal)

    def _message(self) -> None:
        services.add_customer_message(ticket=self.ticket, author=self.people["alice"], body="More")
        self.ref.message(self.t, self.cal)

    def _reply(self, status: str | None) -> None:
        services.reply(ticket=self.ticket, engineer=self.people["en"], body="Ok", status=status)
        self.ref.reply(self.t, status, self.cal)

    def _status(self, status: str) -> None:
        services.change_status(ticket=self.ticket, actor=self.people["en"].user, status=status)
        self.ref.set_status(status, self.t, self.cal)

    def _assign(self, who: str | None) -> None:
        engineer = self.people[who] if who else None
        services.assign(ticket=self.ticket, actor=self.people["en"].user, engineer=engineer)

    def _note(self) -> None:
        services.add_note(ticket=self.ticket, engineer=self.people["ru"], body="Looking")

    def _department(self, code: str) -> None:
        department = Department.objects.get(code=code)
        actor = self.people["en"].user
        services.move_to_department(ticket=self.ticket, actor=actor, department=department)

    def _holiday(self, offset: int) -> None:
        day = self._local_date(offset)
        CalendarHoliday.objects.get_or_create(calendar=self.support, date=day)
        self.holidays.add(day)
        self._calendar_edited()

    def _unholiday(self, offset: int) -> None:
        day = self._local_date(offset)
        CalendarHoliday.objects.filter(calendar=self.support, date=day).delete()
        self.holidays.discard(day)
        self._calendar_edited()

    def _override(self, offset: int, choice: int) -> None:
        day, shifts = self._local_date(offset), OVERRIDES[choice]
        CalendarOverride.objects.update_or_create(
            calendar=self.support, date=day, defaults={"intervals": shifts}
        )
        self.overrides[day] = shifts
        self._calendar_edited()

    def _hotrush(self) -> None:
        if self.ref.is_hotrush or self.ref.status == Status.RESOLVED:
            with pytest.raises(DeskError) as refused:
                services.raise_hotrush(ticket=self.ticket, customer=self.people["alice"])
            assert refused.value.code in {"already_hotrush", "hotrush_needs_open_request"}
            return
        services.raise_hotrush(ticket=self.ticket, customer=self.people["alice"])
        self.ref.raise_hotrush(self.t, self.cal)

    def _local_date(self, offset: int) -> date:
        return _day((self.t + MSK_OFFSET) // 1440 + offset)

    def _calendar_edited(self) -> None:
        reply_clock.sla_configuration_changed(calendar_ids=[self.support.pk])
        self.cal = self._ref_calendar(self.cal.base)
        self.ref.calendar_edited(self.t, self.cal)

    # the checks
    def _observed(self) -> tuple[int | None, int | None, bool]:
        """(due minute, working minutes owed, is running) as the system has them now."""
        ticket = Ticket.objects.get(pk=self.ticket.pk)
        due = _minute(ticket.reply_due_at)
        if ticket.reply_paused_at is not None and ticket.reply_left is not None:
            return None, int(ticket.reply_left.total_seconds()) // 60, False
        if due is None:
            return None, None, False
        return due, self.cal.elapsed(self.t, due), ticket.awaiting_reply_since is not None

    def _check_invariant(self, name: str, before: tuple[int | None, int | None, bool]) -> None:
        due_before, owed_before, running_before = before
        due_after, owed_after, running_after = self._observed()
        if name in ("message", "wait", "reply") or owed_before is None:
            return
        if running_before and running_after:  # nothing but a pause moves a due time later
            assert (due_before or 0) >= (due_after or 0), (name, due_before, due_after)
        elif running_before != running_after and owed_after is not None:
            # paused: keeps exactly the working time left; resumed: gets back exactly that
            assert owed_after == owed_before, (name, owed_before, owed_after)

    def _check_agreement(self) -> None:
        ticket = Ticket.objects.get(pk=self.ticket.pk)
        ref = self.ref
        assert ticket.status == ref.status
        assert _minute(ticket.reply_due_at) == ref.due
        assert (ticket.awaiting_reply_since is not None) == ref.owed
        assert (ticket.reply_paused_at is not None) == (ref.paused_at is not None)
        if ref.paused_at is not None:
            assert ticket.reply_left == timedelta(minutes=ref.left)
        outcomes = TicketEvent.objects.filter(
            ticket=ticket, kind__in=[EventKind.SLA_MET, EventKind.SLA_BREACHED]
        ).order_by("id")
        found = [
            (e.kind, e.data["working_seconds_used"], e.data["working_seconds_paused"])
            for e in outcomes
        ]
        assert found == ref.outcomes


@pytest.mark.django_db
def test_no_sequence_of_actions_lengthens_the_time_owed(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    monday = _minute(next_moscow(0, 0))
    assert monday is not None
    people = {"alice": alice, "store": alice_store, "en": engineer_en, "ru": engineer_ru}
    seen = {"examples": 0, "actions": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(scenario=scenarios)
    def check(scenario: tuple[int, bool, list[tuple[Any, ...]]]) -> None:
        offset, is_hotrush, steps = scenario
        with transaction.atomic():
            run = Run(people, clock, monday + offset, is_hotrush)
            for step in steps:
                seen["actions"] += 1
                if not run.do(step):
                    break
            transaction.set_rollback(True)
        seen["examples"] += 1

    check()
    print(f"property: {seen['examples']} examples, {seen['actions']} actions")  # noqa: T201
    assert seen["examples"] >= min(EXAMPLES, 20)

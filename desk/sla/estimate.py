"""The honest expected reply time (pure: no Django).

A reply is expected after the longer of two working delays, counted from the next working moment
of the support calendar (a request sent while support is closed waits for it to open):

* the typical reply: the median working time of the department's recent reply clocks (SLA
  outcomes, met or breached, of the last two weeks) for requests with the same Hotrush flag;
  else the other flag's median; else `HANDLING_TIME` when there is no history yet. Traffic does
  not enter it: a quiet week with five fast replies is still fast.
* the queue wait: the engineers of the request's department and language who are on shift in the
  window answer the `ahead` requests owed a reply before this one, one after another, each in
  their own shift time; the next request goes to whoever would finish it first (list
  scheduling). A request takes the typical reply, capped at twice `HANDLING_TIME`: the typical
  reply includes the time requests sat waiting, so once the queue is counted separately a slow
  history must not be counted twice. With every engineer on the support hours this is exactly
  `ceil((ahead + 1) / engineers)` rounds.

The estimate is never earlier than the next working moment and never later than the guarantee:
when the model says later, or nobody who can answer is on shift before the guarantee, the
guarantee is what engineers work to.
"""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.sla.calendar import BusinessCalendar

# Our policy until there is history to measure: half a working hour to handle a request.
HANDLING_TIME = timedelta(minutes=30)
# Recent history: long enough to span two weekends; bounded so reading it stays cheap.
HISTORY_WINDOW = timedelta(days=14)
HISTORY_LIMIT = 500


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    now: datetime
    guarantee: datetime  # the due time the policy promises
    ahead: int  # requests owed a reply before this one
    shifts: Sequence[BusinessCalendar]  # the shifts of each engineer who can answer it
    typical_reply: timedelta  # recent median working time to reply (see `typical_reply`)

    @property
    def engineers(self) -> int:
        return len(self.shifts)


def typical_reply(history: Iterable[tuple[bool, int]], *, is_hotrush: bool) -> timedelta:
    """The median of recent `(is_hotrush, working_seconds_used)` reply clocks with the same
    Hotrush flag, else of the other flag's, else `HANDLING_TIME`."""
    same: list[int] = []
    other: list[int] = []
    for hotrush, seconds in history:
        (same if hotrush == is_hotrush else other).append(seconds)
    return typical_of(median_seconds(same), median_seconds(other))


def median_seconds(seconds: Iterable[int]) -> int | None:
    """The median of working times in seconds (negative ones count as 0), rounded to the
    second; None when there are none. What a maintained aggregate stores per Hotrush flag."""
    found = [max(value, 0) for value in seconds]
    return round(statistics.median(found)) if found else None


def typical_of(same: int | None, other: int | None) -> timedelta:
    """The typical reply from the medians of the same Hotrush flag and of the other one
    (`median_seconds`): the same flag's, else the other's, else `HANDLING_TIME`."""
    for median in (same, other):
        if median is not None:
            return timedelta(seconds=median)
    return HANDLING_TIME


def expected_reply(calendar: BusinessCalendar, snapshot: QueueSnapshot) -> datetime:
    """The expected reply time: never after the guarantee, never before the next working moment
    of `calendar` (unless the guarantee comes first)."""
    guarantee = snapshot.guarantee
    opens = calendar.next_working_moment(snapshot.now)
    working = [shift for shift in snapshot.shifts if shift.elapsed(opens, guarantee)]
    if not working or opens >= guarantee:
        return guarantee
    typical = max(snapshot.typical_reply, timedelta(0))
    if typical >= guarantee - opens:
        # working time never outruns the wall clock: no need to walk the calendar
        return guarantee
    earliest = calendar.add(opens, typical)
    handling = min(typical, 2 * HANDLING_TIME)
    answered = _answered(working, opens, handling, max(snapshot.ahead, 0), guarantee)
    return min(guarantee, max(earliest, answered))


def ahead_that_counts(
    calendar: BusinessCalendar,
    now: datetime,
    guarantee: datetime,
    shifts: Sequence[BusinessCalendar],
    typical_reply: timedelta,
) -> int:
    """How many requests ahead can still move `expected_reply`: from this many on, the answer is
    the guarantee, so the queue need not be counted further (issue 11 pt 5: a bounded count; at
    1M requests a department may hold tens of thousands owed before the guarantee).

    Engineer k can finish at most `elapsed_k // handling` requests before the guarantee, where
    `elapsed_k` is their shift time between the next working moment and the guarantee: each
    takes `handling` of it (`_finish`). With at least the sum of those ahead, every engineer's
    next finish falls on the guarantee. 0 when the queue does not enter the estimate at all."""
    opens = calendar.next_working_moment(now)
    typical = max(typical_reply, timedelta(0))
    if opens >= guarantee or typical >= guarantee - opens:
        return 0
    handling = min(typical, 2 * HANDLING_TIME)
    if handling <= timedelta(0):
        return 0
    return sum(shift.elapsed(opens, guarantee) // handling for shift in shifts) + 1


def _answered(
    shifts: Sequence[BusinessCalendar],
    start: datetime,
    handling: timedelta,
    ahead: int,
    guarantee: datetime,
) -> datetime:
    """When the request behind `ahead` others is answered, each engineer answering one request
    after another from `start`, the next request to whoever finishes it first; the guarantee
    once that is later."""
    if handling <= timedelta(0):
        return start
    finishes = [(_finish(shift, start, handling, guarantee), k) for k, shift in enumerate(shifts)]
    heapq.heapify(finishes)
    for _ in range(ahead):
        done, k = heapq.heappop(finishes)
        if done >= guarantee:
            return guarantee
        heapq.heappush(finishes, (_finish(shifts[k], done, handling, guarantee), k))
    return min(finishes)[0]


def _finish(
    shift: BusinessCalendar, start: datetime, handling: timedelta, cap: datetime
) -> datetime:
    """`handling` of the engineer's shift time from `start`; `cap` when that is later (or when no
    shift is left)."""
    if shift.elapsed(start, cap) < handling:
        return cap
    return shift.add(start, handling)

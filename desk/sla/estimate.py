"""The honest expected reply time (pure: no Django).

A reply is expected after the longer of two working delays:

* the typical reply: the median working time of the department's recent reply clocks (SLA
  outcomes, met or breached, of the last two weeks) for requests with the same Hotrush flag;
  else the other flag's median; else `HANDLING_TIME` when there is no history yet. Traffic does
  not enter it: a quiet week with five fast replies is still fast.
* the queue wait: the department's engineers answer the `ahead` requests owed a reply before
  this one in parallel, in rounds of one request each, so this request is answered in round
  `ceil((ahead + 1) / engineers)`. A round lasts the typical reply, capped at twice
  `HANDLING_TIME`: the typical reply includes the time requests sat waiting, so once the
  queue is counted separately a slow history must not be counted twice.

Only the calendar's working time counts (a request sent at night waits for the shift). The
estimate is never later than the guarantee: when the model says later, or no engineer answers
the department, the guarantee is what engineers work to.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
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
    engineers: int  # engineers who answer the department
    typical_reply: timedelta  # recent median working time to reply (see `typical_reply`)


def typical_reply(history: Iterable[tuple[bool, int]], *, is_hotrush: bool) -> timedelta:
    """The median of recent `(is_hotrush, working_seconds_used)` reply clocks with the same
    Hotrush flag, else of the other flag's, else `HANDLING_TIME`."""
    same: list[int] = []
    other: list[int] = []
    for hotrush, seconds in history:
        (same if hotrush == is_hotrush else other).append(max(seconds, 0))
    for found in (same, other):
        if found:
            return timedelta(seconds=round(statistics.median(found)))
    return HANDLING_TIME


def expected_reply(calendar: BusinessCalendar, snapshot: QueueSnapshot) -> datetime:
    """The expected reply time: never after the guarantee, and not before `now` unless the
    guarantee already passed."""
    if snapshot.engineers <= 0:
        return snapshot.guarantee
    typical = max(snapshot.typical_reply, timedelta(0))
    handling = min(typical, 2 * HANDLING_TIME)
    rounds = math.ceil((max(snapshot.ahead, 0) + 1) / snapshot.engineers)
    delay = max(typical, rounds * handling)
    if delay >= snapshot.guarantee - snapshot.now:
        # working time never outruns the wall clock: no need to walk the calendar
        return snapshot.guarantee
    return min(snapshot.guarantee, calendar.add(snapshot.now, delay))

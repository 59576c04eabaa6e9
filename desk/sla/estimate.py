"""The honest expected reply time (pure: no Django).

A simple queue model: the engineers who answer the department reply at their recent rate
(replies per engineer per working hour), one request at a time in due-time order, and only in
the calendar's working time. A request with `ahead` requests owed a reply before it is expected
to be answered after `(ahead + 1) / (engineers * rate)` working hours. The estimate is never
later than the guarantee: when the model says later, the guarantee is what engineers work to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.sla.calendar import BusinessCalendar

# Used until there is history to measure (our policy): a reply every half working hour.
DEFAULT_REPLIES_PER_ENGINEER_HOUR = 2.0
# A window of recent history long enough to span two weekends.
RATE_WINDOW = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    now: datetime
    guarantee: datetime  # the due time the policy promises
    ahead: int  # requests owed a reply before this one
    engineers: int  # engineers who answer the department
    replies_per_engineer_hour: float  # the recent rate (per working hour)


def replies_per_engineer_hour(replies: int, working: timedelta, engineers: int) -> float:
    """The recent rate: `replies` over `working` time of the calendar by `engineers`; the
    default when there is nothing to measure yet."""
    hours = working.total_seconds() / 3600
    if replies <= 0 or hours <= 0 or engineers <= 0:
        return DEFAULT_REPLIES_PER_ENGINEER_HOUR
    return replies / (hours * engineers)


def expected_reply(calendar: BusinessCalendar, snapshot: QueueSnapshot) -> datetime:
    """The expected reply time: never after the guarantee, and not before `now` unless the
    guarantee already passed."""
    capacity = snapshot.engineers * snapshot.replies_per_engineer_hour  # replies per hour
    if capacity <= 0:
        return snapshot.guarantee
    work = timedelta(hours=(max(snapshot.ahead, 0) + 1) / capacity)
    if work > snapshot.guarantee - snapshot.now + timedelta(days=400):
        return snapshot.guarantee  # far beyond the guarantee: no need to walk the calendar
    return min(snapshot.guarantee, calendar.add(snapshot.now, work))

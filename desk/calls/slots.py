"""Call slots (pure: no Django): where a call of a given length may sit, and which engineers are
free for it. Services load the calendars and the busy times; this decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from desk.sla.calendar import BusinessCalendar

Span = tuple[datetime, datetime]


def slot_problem(
    call_hours: BusinessCalendar,
    holidays: Iterable[date],
    start: datetime,
    length: timedelta,
    now: datetime,
    horizon: timedelta,
) -> str | None:
    """Why a slot cannot hold a call: `past`, `too_far` (more than `horizon` ahead), `holiday`
    (its day is a holiday of the call-hours calendar), `outside_hours` (not wholly inside call
    hours); None when it can."""
    if start < now:
        return "past"
    if start > now + horizon:
        return "too_far"
    if start.astimezone(call_hours.zone).date() in set(holidays):
        return "holiday"
    if call_hours.elapsed(start, start + length) != length:
        return "outside_hours"
    return None


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def free_engineers(
    shifts: Mapping[int, BusinessCalendar],
    busy: Mapping[int, Sequence[Span]],
    start: datetime,
    length: timedelta,
) -> list[int]:
    """The engineers (keys of `shifts`) on shift for the whole slot and with no busy span
    overlapping it, in key order."""
    slot = (start, start + length)
    return [
        key
        for key, calendar in sorted(shifts.items())
        if calendar.elapsed(*slot) == length
        and not any(overlaps(slot, span) for span in busy.get(key, ()))
    ]


def candidate_starts(
    call_hours: BusinessCalendar,
    after: datetime,
    until: datetime,
    length: timedelta,
    step: timedelta,
) -> list[datetime]:
    """Starts on the `step` grid (counted from midnight in the calendar's zone) at or after
    `after` and before `until` whose whole `length` lies inside call hours."""
    found: list[datetime] = []
    moment = _on_grid(call_hours, after, step)
    while moment < until:
        try:
            opens = call_hours.next_working_moment(moment)
        except ValueError:  # no call hours ever again
            break
        if opens > moment:
            moment = _on_grid(call_hours, opens, step)
            continue
        if call_hours.elapsed(moment, moment + length) == length:
            found.append(moment)
        moment += step
    return [start for start in found if start < until]


def _on_grid(calendar: BusinessCalendar, moment: datetime, step: timedelta) -> datetime:
    """`moment` rounded up to the step grid of the calendar's local day."""
    local = moment.astimezone(calendar.zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = -((midnight - local) // step)  # ceiling division
    return (midnight + steps * step).astimezone(moment.tzinfo)

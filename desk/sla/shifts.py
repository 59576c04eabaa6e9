"""Engineers' shifts (pure: no Django).

An engineer's weekly shift pattern is written like a support calendar's weekly hours: local
`HH:MM` pairs in the engineer's own time zone, a close at or before the open ending on the next
day (the shift belongs to the day it opens). With the engineer's days off and leave as holidays
it becomes a `BusinessCalendar`: "on shift at T" is `is_working(T)`, "on shift during a window"
its working time there, "next shift" `next_working_moment`, "end of this shift" `shift_end`.

Unlike a support calendar, a shift pattern refuses overlapping shifts (an overlap is a typing
mistake, not a longer day; shifts that touch are fine) and shifts of zero length (`09:00-09:00`;
a whole day is `00:00-24:00`). `check_pattern` raises a `ShiftProblem` naming the weekday and the
shifts with a stable code, so that callers can translate it and put it on the right field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from desk.sla import _calendar_config as config
from desk.sla._calendar_table import DAY_S
from desk.sla.calendar import WEEKDAYS, BusinessCalendar, ShiftSpec

__all__ = [
    "ShiftProblem",
    "check_pattern",
    "days_in",
    "on_shift",
    "on_shift_during",
    "shift_calendar",
    "shift_end",
]

_WEEK_S = 7 * DAY_S


class ShiftProblem(ValueError):
    """Why a shift pattern is refused. `code` is one of `unknown_zone`, `not_a_pattern`,
    `unknown_day`, `bad_shift`, `zero_length`, `overlap`; `day` the weekday (`mon`...) when there
    is one; `shifts` the shifts concerned, as `HH:MM-HH:MM`."""

    def __init__(self, code: str, day: str = "", shifts: Sequence[str] = ()) -> None:
        self.code, self.day, self.shifts = code, day, tuple(shifts)
        super().__init__(f"{day + ': ' if day else ''}{code} {', '.join(self.shifts)}".strip())


def check_pattern(time_zone: str, weekly: Any) -> None:
    """Raise `ShiftProblem` for the first problem of a weekly shift pattern."""
    try:
        config.parse_zone(time_zone)
    except ValueError:
        raise ShiftProblem("unknown_zone") from None
    if not isinstance(weekly, Mapping):
        raise ShiftProblem("not_a_pattern")
    for day in weekly:
        if day not in WEEKDAYS:
            raise ShiftProblem("unknown_day", str(day))
    spans: list[tuple[int, int, str, str]] = []  # seconds from Monday 00:00, weekday, as written
    for index, day in enumerate(WEEKDAYS):
        specs = weekly.get(day) or []
        if not isinstance(specs, Sequence) or isinstance(specs, str):
            raise ShiftProblem("bad_shift", day)
        for spec in specs:
            opens, closes = _shift(day, spec)
            written = f"{_hhmm(opens)}-{_hhmm(closes)}"
            if opens == closes:
                raise ShiftProblem("zero_length", day, (written,))
            start = index * DAY_S + opens
            end = index * DAY_S + (closes if closes > opens else closes + DAY_S)
            spans.append((start, end, day, written))
            if end > _WEEK_S:  # Sunday night runs into next Monday
                spans.append((start - _WEEK_S, end - _WEEK_S, day, written))
    spans.sort()
    for (_start, end, day, one), (next_start, _end, _day, two) in pairwise(spans):
        if next_start < end:
            raise ShiftProblem("overlap", day, (one, two))


def _shift(day: str, spec: object) -> tuple[int, int]:
    if not isinstance(spec, Sequence) or isinstance(spec, str) or len(spec) != 2:
        raise ShiftProblem("bad_shift", day)
    try:
        ((opens, closes),) = config.parse_shifts(day, [(spec[0], spec[1])])
    except (TypeError, ValueError):
        raise ShiftProblem("bad_shift", day, (f"{spec[0]}-{spec[1]}",)) from None
    return opens, closes


def _hhmm(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def days_in(ranges: Iterable[tuple[date, date]]) -> set[date]:
    """Every date of the inclusive `(first, last)` ranges (days off and leave)."""
    found: set[date] = set()
    for first, last in ranges:
        found.update(first + timedelta(days=k) for k in range((last - first).days + 1))
    return found


def shift_calendar(
    time_zone: str,
    weekly: Mapping[str, Sequence[Sequence[str]]],
    days_off: Iterable[date] = (),
    *,
    holidays: Iterable[date] = (),
    overrides: Mapping[date, Sequence[ShiftSpec]] | None = None,
) -> BusinessCalendar:
    """The engineer's working time: the pattern, without the shifts that open on a day off.
    `holidays` and `overrides` carry a support calendar's own when the engineer follows it: a
    day off wins over a special day there."""
    off = set(days_off)
    kept = {day: shifts for day, shifts in (overrides or {}).items() if day not in off}
    pairs: dict[str, list[ShiftSpec]] = {
        day: [(opens, closes) for opens, closes in specs] for day, specs in weekly.items()
    }
    return BusinessCalendar(time_zone, pairs, holidays=off | set(holidays), date_overrides=kept)


def on_shift(calendars: Mapping[int, BusinessCalendar], at: datetime) -> list[int]:
    """The keys (engineer ids) of the calendars on shift at `at`, in key order."""
    return sorted(key for key, calendar in calendars.items() if calendar.is_working(at))


def on_shift_during(
    calendars: Mapping[int, BusinessCalendar], start: datetime, end: datetime
) -> dict[int, timedelta]:
    """Time on shift in `[start, end)` of each calendar that has some, by key."""
    found = {}
    for key, calendar in sorted(calendars.items()):
        worked = calendar.elapsed(start, end)
        if worked > timedelta(0):
            found[key] = worked
    return found


def shift_end(calendar: BusinessCalendar, at: datetime) -> datetime | None:
    """When the shift `at` lies in ends; None when not on shift at `at`."""
    return calendar.working_interval_end(at)

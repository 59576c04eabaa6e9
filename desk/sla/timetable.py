"""Support and call hours as the public pages show them, read from the SLA calendars (issue 8
point 5: one source for hours). An admin edit of a calendar, a holiday or a special day shows
on the next page view: nothing here is cached.

`timetable(code, today=...)` loads one calendar as plain values; `hours_in_zone` and `describe`
turn them into rows in the viewer's zone and language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desk.core.formatting import format_day
from desk.sla.calendar import WEEKDAYS
from desk.sla.models import Calendar, CalendarHoliday, CalendarOverride
from desk.sla.services import CALL_CALENDAR, SUPPORT_CALENDAR

__all__ = ["CALL_CALENDAR", "SUPPORT_CALENDAR"]

_MINUTES_PER_DAY = 24 * 60
# How far ahead the pages list holidays and special days.
SPECIAL_DAYS_AHEAD = 30
# PRODUCT.md §5: at most one hour of calls per incident.
CALL_MINUTES_PER_INCIDENT = 60


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """One row of a weekly timetable: the same hours on a run of weekdays.

    Days count 0 = Monday … 6 = Sunday; a run may wrap past Sunday (6 → 3 is Sunday to Thursday).
    `closes` at or before `opens` means the shift ends on the following day.
    """

    first_day: int
    last_day: int
    opens: time
    closes: time

    @property
    def ends_next_day(self) -> bool:
        return self.closes <= self.opens

    @property
    def duration(self) -> timedelta:
        opens = self.opens.hour * 60 + self.opens.minute
        closes = self.closes.hour * 60 + self.closes.minute
        return timedelta(minutes=(closes - opens) % _MINUTES_PER_DAY or _MINUTES_PER_DAY)


@dataclass(frozen=True, slots=True)
class HoursLine:
    """A timetable row in words, ready for a template: "Monday–Friday", "06:00–01:00 (next day)"."""

    days: str
    times: str


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A date in the calendar's zone whose hours differ from the weekly ones: a holiday (no
    shift opens) or a special day with its own shifts (none: closed)."""

    day: date
    name: str
    shifts: tuple[tuple[time, time], ...]


@dataclass(frozen=True, slots=True)
class Timetable:
    code: str
    time_zone: str
    weekly: tuple[WeeklyHours, ...]
    special_days: tuple[SpecialDay, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


# --- loading ------------------------------------------------------------------------------


def timetable(
    code: str, *, now: datetime, days_ahead: int = SPECIAL_DAYS_AHEAD
) -> Timetable | None:
    """The calendar `code` with its holidays and special days from today (in the calendar's
    zone) through `days_ahead` days; None if there is no such calendar."""
    row = Calendar.objects.filter(code=code).first()
    if row is None:
        return None
    today = now.astimezone(ZoneInfo(row.time_zone)).date()
    window = {"date__gte": today, "date__lte": today + timedelta(days=days_ahead)}
    overrides = {
        o.date: o.intervals for o in CalendarOverride.objects.filter(calendar=row, **window)
    }
    special = [
        SpecialDay(h.date, h.name, ())
        for h in CalendarHoliday.objects.filter(calendar=row, **window)
        if h.date not in overrides  # a special day wins over a holiday on the same date
    ]
    special += [SpecialDay(day, "", _shifts(specs)) for day, specs in overrides.items()]
    return Timetable(
        code=row.code,
        time_zone=row.time_zone,
        weekly=weekly_rows(row.weekly),
        special_days=tuple(sorted(special, key=lambda s: s.day)),
    )


def weekly_rows(weekly: Mapping[str, Any]) -> tuple[WeeklyHours, ...]:
    """A calendar's weekly JSON as rows: runs of consecutive days with the same shifts."""
    days = [_shifts(weekly.get(name) or ()) for name in WEEKDAYS]
    rows: list[WeeklyHours] = []
    first = 0
    for day in range(7):
        if day + 1 < 7 and days[day + 1] == days[day]:
            continue
        rows += [WeeklyHours(first, day, opens, closes) for opens, closes in days[day]]
        first = day + 1
    return tuple(sorted(rows, key=lambda row: (row.first_day, row.opens)))


def _shifts(specs: Sequence[Sequence[str]]) -> tuple[tuple[time, time], ...]:
    return tuple((_clock(pair[0]), _clock(pair[1])) for pair in specs)


def _clock(value: str) -> time:
    return time(0) if value.startswith("24:") else time.fromisoformat(value)


# --- in the viewer's zone and language ----------------------------------------------------


def hours_in_zone(
    hours: Sequence[WeeklyHours], source: tzinfo, zone: tzinfo, *, week_of: date
) -> tuple[WeeklyHours, ...]:
    """The same hours seen from `zone`, for the week holding `week_of` (the viewer's DST varies).

    A start that moves past midnight moves the whole run of days with it.
    """
    monday = week_of - timedelta(days=week_of.weekday())
    converted = []
    for row in hours:
        start = datetime.combine(monday + timedelta(days=row.first_day), row.opens, tzinfo=source)
        local_start = start.astimezone(zone)
        local_end = (start + row.duration).astimezone(zone)
        shift = (local_start.date() - start.date()).days
        converted.append(
            WeeklyHours(
                first_day=(row.first_day + shift) % 7,
                last_day=(row.last_day + shift) % 7,
                opens=local_start.time().replace(second=0, microsecond=0),
                closes=local_end.time().replace(second=0, microsecond=0),
            )
        )
    return tuple(converted)


def describe(hours: Sequence[WeeklyHours]) -> list[HoursLine]:
    """Rows in the active language: weekday names come from Django's translated WEEKDAYS."""
    return [HoursLine(days=_describe_days(row), times=_describe_times(row)) for row in hours]


def describe_special_days(
    days: Sequence[SpecialDay], source: tzinfo, zone: tzinfo | None = None
) -> list[HoursLine]:
    """Holidays and special days in the active language; with `zone`, their hours as the
    viewer there sees them (the date stays the calendar's)."""
    lines = []
    for special in days:
        label = format_day(special.day)
        if special.name:
            label = _("%(date)s (%(name)s)") % {"date": label, "name": special.name}
        if not special.shifts:
            lines.append(HoursLine(days=label, times=_("closed")))
            continue
        parts = []
        for opens, closes in special.shifts:
            start = datetime.combine(special.day, opens, tzinfo=source)
            row = WeeklyHours(0, 0, opens, closes)
            end = start + row.duration
            if zone is not None:
                start, end = start.astimezone(zone), end.astimezone(zone)
            parts.append(_describe_times(WeeklyHours(0, 0, start.time(), end.time())))
        lines.append(HoursLine(days=label, times=", ".join(parts)))
    return lines


def call_limit_label(minutes: int = CALL_MINUTES_PER_INCIDENT) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _describe_days(row: WeeklyHours) -> str:
    if row.first_day == row.last_day:
        return str(WEEKDAY_NAMES[row.first_day])
    return _("%(first)s–%(last)s") % {
        "first": WEEKDAY_NAMES[row.first_day],
        "last": WEEKDAY_NAMES[row.last_day],
    }


def _describe_times(row: WeeklyHours) -> str:
    values = {"opens": row.opens.strftime("%H:%M"), "closes": row.closes.strftime("%H:%M")}
    if row.ends_next_day:
        return _("%(opens)s–%(closes)s (next day)") % values
    return _("%(opens)s–%(closes)s") % values

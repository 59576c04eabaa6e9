"""Support and call hours as the public pages state them (PRODUCT.md §4, §5).

CONFIGURATION DEFAULTS. These values are the vendor's published timetable, kept here because the
contact pages must show them before the SLA calendars exist. Change them here (or move them into
settings as `DESK_SUPPORT_HOURS` / `DESK_CALL_HOURS` and read them here); templates never repeat
them. The SLA calendars (desk.sla) remain the source of truth for deadline maths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_MINUTES_PER_DAY = 24 * 60


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


# --- configuration defaults -------------------------------------------------------------------
SUPPORT_TIME_ZONE = "Europe/Moscow"
SUPPORT_HOURS: tuple[WeeklyHours, ...] = (
    WeeklyHours(first_day=0, last_day=4, opens=time(6, 0), closes=time(1, 0)),
    WeeklyHours(first_day=5, last_day=6, opens=time(10, 0), closes=time(18, 0)),
)
CALL_HOURS: tuple[WeeklyHours, ...] = (
    WeeklyHours(first_day=0, last_day=4, opens=time(9, 0), closes=time(17, 0)),
)
CALL_MINUTES_PER_INCIDENT = 60
# ----------------------------------------------------------------------------------------------


def hours_in_zone(
    hours: Sequence[WeeklyHours], zone: tzinfo, *, week_of: date
) -> tuple[WeeklyHours, ...]:
    """The same hours seen from `zone`, for the week holding `week_of` (the viewer's DST varies).

    A start that moves past midnight moves the whole run of days with it.
    """
    source = ZoneInfo(SUPPORT_TIME_ZONE)
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


def call_limit_label(minutes: int = CALL_MINUTES_PER_INCIDENT) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _describe_days(row: WeeklyHours) -> str:
    if row.first_day == row.last_day:
        return str(WEEKDAYS[row.first_day])
    return _("%(first)s–%(last)s") % {
        "first": WEEKDAYS[row.first_day],
        "last": WEEKDAYS[row.last_day],
    }


def _describe_times(row: WeeklyHours) -> str:
    values = {"opens": row.opens.strftime("%H:%M"), "closes": row.closes.strftime("%H:%M")}
    if row.ends_next_day:
        return _("%(opens)s–%(closes)s (next day)") % values
    return _("%(opens)s–%(closes)s") % values

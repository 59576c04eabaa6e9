"""Input checks of schedule services: each returns the cleaned value or raises a DeskError that
names the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from desk.core.errors import DeskError
from desk.core.formatting import format_day as show_day
from desk.schedules import errors
from desk.schedules.models import TimeOffKind
from desk.sla import shifts
from desk.sla.calendar import WEEKDAYS

NOTE_MAX = 200
_SHIFT = re.compile(r"\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*")

Weekly = dict[str, list[list[str]]]


def parse_day(day: str, text: str) -> list[list[str]]:
    """Shifts of one weekday as typed in a form: `09:00-13:00, 14:00-18:00` (empty: day off)."""
    found = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        match = _SHIFT.fullmatch(part)
        if match is None:
            raise errors.invalid_shift(day, part.strip())
        opens, closes = match.groups()
        found.append([opens.zfill(5), closes.zfill(5)])
    return found


def format_day(weekly: Mapping[str, Any] | None, day: str) -> str:
    """The other way round, for showing a pattern in a form."""
    return ", ".join(f"{opens}-{closes}" for opens, closes in (weekly or {}).get(day, []))


def check_pattern(time_zone: str, weekly: Weekly | None) -> Weekly | None:
    """A weekly pattern the pure shift code accepts (None: follow the support hours)."""
    try:
        shifts.check_pattern(time_zone, weekly if weekly is not None else {})
    except shifts.ShiftProblem as problem:
        raise _as_error(problem, time_zone) from None
    if weekly is None:
        return None
    return {day: [list(pair) for pair in weekly[day]] for day in WEEKDAYS if weekly.get(day)}


def _as_error(problem: shifts.ShiftProblem, time_zone: str) -> DeskError:
    if problem.code == "unknown_zone":
        return errors.unknown_time_zone(time_zone)
    if problem.code == "zero_length":
        return errors.shift_zero_length(problem.day, problem.shifts[0])
    if problem.code == "overlap":
        return errors.shift_overlap(problem.day, *problem.shifts)
    return errors.invalid_shift(problem.day or "mon", ", ".join(problem.shifts))


def check_time_off(kind: str, first_day: date, last_day: date, note: str) -> str:
    """Refuses an unknown kind, a last day before the first, a stretch too long, a long note.
    Returns the cleaned note."""
    if kind not in TimeOffKind.values:
        raise errors.invalid_time_off_kind()
    if last_day < first_day:
        raise errors.time_off_ends_before_start()
    if (last_day - first_day).days + 1 > errors.MAX_TIME_OFF_DAYS:
        raise errors.time_off_too_long()
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in note).split())
    if len(cleaned) > NOTE_MAX:
        raise errors.invalid_note(NOTE_MAX)
    return cleaned


def overlap_error(first: date, last: date) -> DeskError:
    return errors.time_off_overlaps(show_day(first), show_day(last))

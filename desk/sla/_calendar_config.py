"""Parsing and checking the configuration of a `BusinessCalendar` (private; pure: no Django)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk.sla._calendar_table import DAY_S, Shift

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ShiftSpec = tuple[str | time, str | time]
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def check_date(day: date) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(f"a date is required, got {day!r}")
    return day


def weekly_shifts(weekly: Mapping[str, Sequence[ShiftSpec]]) -> tuple[tuple[Shift, ...], ...]:
    unknown = set(weekly) - set(WEEKDAYS)
    if unknown:
        raise ValueError(f"unknown weekdays {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
    return tuple(parse_shifts(name, weekly.get(name, ())) for name in WEEKDAYS)


def parse_shifts(where: str, specs: Sequence[ShiftSpec]) -> tuple[Shift, ...]:
    shifts = []
    for spec in specs:
        if len(spec) != 2:
            raise ValueError(f"{where}: a shift is an (opens, closes) pair, got {spec!r}")
        opens, closes = spec
        open_s, close_s = parse_clock(where, opens), parse_clock(where, closes)
        if open_s >= DAY_S:
            raise ValueError(f"{where}: a shift cannot open at 24:00")
        shifts.append((open_s, close_s))
    return tuple(shifts)


def parse_clock(where: str, value: str | time) -> int:
    """Seconds after midnight of `HH:MM[:SS]` (up to 24:00) or of a `time`."""
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{where}: {value!r} is not HH:MM[:SS]")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > DAY_S:
        raise ValueError(f"{where}: {value!r} is not a time of day")
    return total

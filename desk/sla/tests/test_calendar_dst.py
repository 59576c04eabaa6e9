"""Daylight saving time: gaps move forward, ambiguous times take the first occurrence, durations
are real elapsed time (DB-free, table-driven)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk.sla.calendar import WEEKDAYS, BusinessCalendar, ShiftSpec

NEW_YORK, LONDON, SAO_PAULO = "America/New_York", "Europe/London", "America/Sao_Paulo"


def every_day(
    zone: str, opens: str, closes: str, overrides: dict[date, list[ShiftSpec]] | None = None
) -> BusinessCalendar:
    weekly = {name: [(opens, closes)] for name in WEEKDAYS}
    return BusinessCalendar(zone, weekly, date_overrides=overrides)


def weekdays_9_to_17(zone: str) -> BusinessCalendar:
    return BusinessCalendar(zone, {name: [("09:00", "17:00")] for name in WEEKDAYS[:5]})


def local(zone: str, *when: int, fold: int = 0) -> datetime:
    year, month, day, hour, minute = (*when, 0, 0)[:5]
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone), fold=fold)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (NEW_YORK, date(2027, 3, 14), 23),
        (NEW_YORK, date(2027, 11, 7), 25),
        (LONDON, date(2027, 3, 28), 23),
        (LONDON, date(2027, 10, 31), 25),
        (SAO_PAULO, date(2018, 11, 4), 23),  # the gap is at midnight: the day starts at 01:00
        (SAO_PAULO, date(2018, 2, 17), 25),  # 23:00-24:00 happens twice
        (SAO_PAULO, date(2018, 6, 1), 24),
    ],
)
def test_a_whole_day_lasts_its_real_length(zone: str, day: date, hours: int) -> None:
    # given a calendar open around the clock
    cal = every_day(zone, "00:00", "24:00")
    start = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(zone))
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=ZoneInfo(zone))
    # when / then
    assert cal.elapsed(start, end) == timedelta(hours=hours)
    assert cal.add(start, timedelta(hours=hours)) == end


@pytest.mark.parametrize(
    ("zone", "day", "shift", "opens", "closes"),
    [
        # a night shift over the spring gap is an hour short, over the autumn fold an hour long
        (
            NEW_YORK,
            date(2027, 3, 13),
            ("22:00", "06:00"),
            utc(2027, 3, 14, 3),
            utc(2027, 3, 14, 10),
        ),
        (
            NEW_YORK,
            date(2027, 11, 6),
            ("22:00", "06:00"),
            utc(2027, 11, 7, 2),
            utc(2027, 11, 7, 11),
        ),
        (LONDON, date(2027, 3, 27), ("22:00", "06:00"), utc(2027, 3, 27, 22), utc(2027, 3, 28, 5)),
        (
            LONDON,
            date(2027, 10, 30),
            ("22:00", "06:00"),
            utc(2027, 10, 30, 21),
            utc(2027, 10, 31, 6),
        ),
        # an opening in the gap moves forward by the gap
        (
            NEW_YORK,
            date(2027, 3, 14),
            ("02:30", "04:00"),
            utc(2027, 3, 14, 7, 30),
            utc(2027, 3, 14, 8),
        ),
        (
            NEW_YORK,
            date(2027, 3, 14),
            ("02:10", "02:50"),
            utc(2027, 3, 14, 7, 10),
            utc(2027, 3, 14, 7, 50),
        ),
        (
            SAO_PAULO,
            date(2018, 11, 4),
            ("00:00", "08:00"),
            utc(2018, 11, 4, 3),
            utc(2018, 11, 4, 10),
        ),
        # an ambiguous opening takes the first occurrence
        (
            NEW_YORK,
            date(2027, 11, 7),
            ("01:30", "02:00"),
            utc(2027, 11, 7, 5, 30),
            utc(2027, 11, 7, 7),
        ),
        (
            SAO_PAULO,
            date(2018, 2, 17),
            ("23:30", "24:00"),
            utc(2018, 2, 18, 1, 30),
            utc(2018, 2, 18, 3),
        ),
    ],
)
def test_shift_bounds_follow_the_dst_rules(
    zone: str, day: date, shift: tuple[str, str], opens: datetime, closes: datetime
) -> None:
    # given a calendar whose only shift is on `day`
    cal = BusinessCalendar(zone, {}, date_overrides={day: [shift]})
    before = opens - timedelta(hours=20)
    # when / then
    assert cal.next_working_moment(before) == opens
    assert cal.previous_working_moment(closes + timedelta(hours=20)) == closes
    assert cal.elapsed(before, closes + timedelta(hours=20)) == closes - opens


def test_a_shift_shorter_than_its_move_vanishes() -> None:
    # given a New York calendar whose 14 March shift opens in the 02:00-03:00 gap (so at 03:30)
    # and closes at 03:15, before that moved opening
    day = date(2027, 3, 14)
    cal = every_day(NEW_YORK, "10:00", "11:00", overrides={day: [("02:30", "03:15")]})
    # when / then: no working time that night, the next opening is the 15th at 10:00 EDT
    assert cal.next_working_moment(utc(2027, 3, 14, 6)) == utc(2027, 3, 15, 14)
    assert cal.elapsed(utc(2027, 3, 14, 0), utc(2027, 3, 15, 0)) == timedelta(0)


@pytest.mark.parametrize(
    ("cal", "start", "days", "result"),
    [
        # Friday 10:00 EST -> Monday 10:00 EDT
        (weekdays_9_to_17(NEW_YORK), local(NEW_YORK, 2027, 3, 12, 10), 1, utc(2027, 3, 15, 14)),
        (weekdays_9_to_17(NEW_YORK), local(NEW_YORK, 2027, 11, 5, 10), 1, utc(2027, 11, 8, 15)),
        # the same clock time does not exist: it moves forward by the gap
        (
            every_day(LONDON, "00:00", "24:00"),
            local(LONDON, 2027, 3, 27, 1, 30),
            1,
            utc(2027, 3, 28, 1, 30),
        ),
        (
            every_day(SAO_PAULO, "00:00", "24:00"),
            local(SAO_PAULO, 2018, 11, 3),
            1,
            utc(2018, 11, 4, 3),
        ),
        # the same clock time happens twice: the first occurrence
        (
            every_day(LONDON, "00:00", "24:00"),
            local(LONDON, 2027, 10, 30, 1, 30),
            1,
            utc(2027, 10, 31, 0, 30),
        ),
        (
            every_day(SAO_PAULO, "00:00", "24:00"),
            local(SAO_PAULO, 2018, 2, 16, 23, 30),
            1,
            utc(2018, 2, 18, 1, 30),
        ),
        # from the second occurrence, the clock time is still 01:30
        (
            every_day(NEW_YORK, "00:00", "24:00"),
            local(NEW_YORK, 2027, 11, 7, 1, 30, fold=1),
            1,
            utc(2027, 11, 8, 6, 30),
        ),
        (
            every_day(NEW_YORK, "00:00", "24:00"),
            local(NEW_YORK, 2027, 11, 7, 1, 30, fold=1),
            -1,
            utc(2027, 11, 6, 5, 30),
        ),
    ],
)
def test_add_business_days_across_dst(
    cal: BusinessCalendar, start: datetime, days: int, result: datetime
) -> None:
    # when / then
    assert cal.add_business_days(start, days) == result


@pytest.mark.parametrize(
    ("start", "budget", "due"),
    [
        (local(NEW_YORK, 2027, 3, 12, 16), timedelta(hours=2), utc(2027, 3, 15, 14)),
        (local(NEW_YORK, 2027, 11, 5, 16), timedelta(hours=2), utc(2027, 11, 8, 15)),
        (local(NEW_YORK, 2027, 3, 12, 9), timedelta(hours=16), utc(2027, 3, 15, 21)),
    ],
)
def test_add_over_a_dst_weekend(start: datetime, budget: timedelta, due: datetime) -> None:
    # given New York weekday hours
    cal = weekdays_9_to_17(NEW_YORK)
    # when / then
    assert cal.add(start, budget) == due
    assert cal.subtract(due, budget) == start

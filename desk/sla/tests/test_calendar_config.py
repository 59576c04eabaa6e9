"""Configuration rules, input checks and the lazily widened table (DB-free, table-driven)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desk.sla.calendar import WEEKDAYS, BusinessCalendar
from desk.sla.tests.test_calendar_moscow import moscow_support_hours, msk

HOUR = timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def daily(*shifts: tuple[Any, Any], **extra: Any) -> BusinessCalendar:
    return BusinessCalendar("UTC", {name: list(shifts) for name in WEEKDAYS}, **extra)


CALLS = [
    lambda cal, t: cal.add(t, HOUR),
    lambda cal, t: cal.subtract(t, HOUR),
    lambda cal, t: cal.add_business_days(t, 1),
    lambda cal, t: cal.elapsed(t, t),
    lambda cal, t: cal.elapsed(utc(2027, 1, 1), t),
    lambda cal, t: cal.is_working(t),
    lambda cal, t: cal.next_working_moment(t),
    lambda cal, t: cal.previous_working_moment(t),
]


@pytest.mark.parametrize("call", CALLS)
def test_naive_datetimes_are_refused(call: Any) -> None:
    # given a calendar and a naive datetime
    cal = moscow_support_hours()
    # when / then
    with pytest.raises(ValueError, match="timezone-aware"):
        call(cal, datetime(2027, 3, 1, 12))


@pytest.mark.parametrize("call", CALLS[:3] + CALLS[6:])
def test_results_are_aware_utc(call: Any) -> None:
    # given a calendar and a start in Moscow time
    cal = moscow_support_hours()
    # when
    result = call(cal, msk(2027, 3, 1, 12))
    # then
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
        ({"weekly": {"monday": [("09:00", "17:00")]}}, "unknown weekdays"),
        ({"weekly": {"mon": [("9am", "17:00")]}}, "is not HH:MM"),
        ({"weekly": {"mon": [("09:00", "25:00")]}}, "is not a time of day"),
        ({"weekly": {"mon": [("09:60", "17:00")]}}, "is not a time of day"),
        ({"weekly": {"mon": [("09:00", "24:00:01")]}}, "is not a time of day"),
        ({"weekly": {"mon": [("24:00", "02:00")]}}, "cannot open at 24:00"),
        ({"holidays": [datetime(2027, 1, 1, tzinfo=UTC)]}, "a date is required"),
        ({"date_overrides": {date(2027, 1, 1): [("10:00",)]}}, "an \\(opens, closes\\) pair"),
    ],
)
def test_bad_configuration_is_refused(arguments: dict[str, Any], message: str) -> None:
    # given otherwise valid arguments
    valid: dict[str, Any] = {"time_zone": "UTC", "weekly": {"mon": [("09:00", "17:00")]}}
    # when / then
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**{**valid, **arguments})


@pytest.mark.parametrize(
    ("shifts", "day_hours"),
    [
        ([("09:00", "12:00"), ("11:00", "14:00"), ("14:00", "15:00")], 6),  # merged
        ([("00:00", "24:00")], 24),
        ([("00:00", "00:00")], 24),  # a close at the open crosses midnight
        ([("08:00", "08:00")], 24),
        ([("22:00", "06:00")], 8),
        ([(time(9), time(17, 30)), ("17:30:00", "18:00:30")], 9.0 + 1 / 120),
    ],
)
def test_shift_forms(shifts: list[tuple[Any, Any]], day_hours: float) -> None:
    # given a calendar with the same shifts every day
    cal = daily(*shifts)
    # when / then: a week holds seven of those days
    assert cal.elapsed(utc(2027, 3, 1), utc(2027, 3, 8)) == 7 * timedelta(hours=day_hours)


def test_an_override_wins_over_a_holiday_on_the_same_date() -> None:
    # given 2 March is both a holiday and overridden to 10:00-12:00
    day = date(2027, 3, 2)
    cal = daily(("09:00", "17:00"), holidays=[day], date_overrides={day: [("10:00", "12:00")]})
    # when / then
    assert cal.elapsed(utc(2027, 3, 2), utc(2027, 3, 3)) == 2 * HOUR
    assert cal.is_business_date(day)


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2027, 3, 1), True),
        (date(2027, 3, 7), True),  # short Sunday
        (date(2027, 1, 1), False),  # holiday
        (date(2027, 2, 23), False),
    ],
)
def test_is_business_date(day: date, business: bool) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    assert cal.is_business_date(day) is business


def test_a_calendar_without_working_time_refuses_to_search_forever() -> None:
    # given a calendar open on one special date only
    cal = BusinessCalendar("UTC", {}, date_overrides={date(2027, 3, 2): [("10:00", "12:00")]})
    # when / then: what that date holds is found, beyond it nothing is
    assert cal.add(utc(2020, 1, 1), HOUR) == utc(2027, 3, 2, 11)
    assert cal.subtract(utc(2035, 1, 1), HOUR) == utc(2027, 3, 2, 11)
    with pytest.raises(ValueError, match="no working time after"):
        cal.add(utc(2027, 3, 2, 11), 2 * HOUR)
    with pytest.raises(ValueError, match="no working time before"):
        cal.previous_working_moment(utc(2027, 3, 2, 9))


@pytest.mark.parametrize(
    "queries",
    [
        [utc(2027, 3, 1), utc(2031, 6, 1), utc(2020, 1, 1)],
        [utc(2020, 1, 1), utc(2031, 6, 1), utc(2027, 3, 1)],
        [utc(2031, 6, 1), utc(2027, 3, 1), utc(2020, 1, 1)],
    ],
)
def test_results_do_not_depend_on_how_the_table_grew(queries: list[datetime]) -> None:
    # given a fresh calendar queried in some order across years
    cal, reference = moscow_support_hours(), moscow_support_hours()
    budget = timedelta(hours=1000)
    # when
    results = [(cal.add(t, budget), cal.subtract(t, budget)) for t in queries]
    # then every answer is the one a calendar asked only that question gives
    for t, (due, since) in zip(queries, results, strict=True):
        assert (due, since) == (reference.add(t, budget), reference.subtract(t, budget))
        assert cal.elapsed(since, due) == 2 * budget
    assert cal.add(queries[0], 3 * budget) == cal.add(cal.add(queries[0], budget), 2 * budget)


def test_long_budgets_cross_many_years() -> None:
    # given a calendar open 8 hours on weekdays in Moscow
    cal = BusinessCalendar("Europe/Moscow", {name: [("09:00", "17:00")] for name in WEEKDAYS[:5]})
    start = datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Europe/Moscow"))
    # when: 261 working weeks of 40 hours
    due = cal.add(start, timedelta(hours=40 * 261))
    # then: the budget runs out at a Friday closing, 261 weeks on
    assert due == datetime(2032, 2, 27, 17, tzinfo=ZoneInfo("Europe/Moscow"))
    assert cal.add_business_days(start, 5 * 261) == start + timedelta(weeks=261)
    assert cal.elapsed(due, start + timedelta(weeks=261)) == timedelta(0)

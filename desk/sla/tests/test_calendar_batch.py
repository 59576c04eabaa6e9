"""The batch forms (float epoch seconds) answer what the single calls answer (DB-free)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from desk.sla.calendar import WEEKDAYS, BusinessCalendar
from desk.sla.tests.test_calendar_moscow import moscow_support_hours

TOLERANCE = 2e-6  # float epoch seconds carry about a microsecond


def new_york_weekdays() -> BusinessCalendar:
    hours = [("09:00", "12:00"), ("13:00", "17:00")]
    return BusinessCalendar(
        "America/New_York", dict.fromkeys(WEEKDAYS[:5], hours), holidays=[date(2027, 11, 25)]
    )


def random_starts(count: int, seed: int) -> list[float]:
    # given starts over two years, a few of them far outside the first table's window
    rng = random.Random(seed)
    base = datetime(2027, 1, 1, tzinfo=UTC).timestamp()
    starts = [base + rng.uniform(0, 2 * 365 * 86_400) for _ in range(count)]
    return [*starts, base - 9 * 365 * 86_400, base + 12 * 365 * 86_400]


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@pytest.mark.parametrize("cal", [moscow_support_hours(), new_york_weekdays()], ids=["msk", "ny"])
@pytest.mark.parametrize("hours", [0, 2, 30])
def test_add_many_matches_add(cal: BusinessCalendar, hours: int) -> None:
    starts = random_starts(300, seed=hours)
    # when
    dues = cal.add_many(starts, hours * 3600.0)
    # then
    for start, due in zip(starts, dues, strict=True):
        expected = cal.add(moment(start), timedelta(hours=hours)).timestamp()
        assert due == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("cal", [moscow_support_hours(), new_york_weekdays()], ids=["msk", "ny"])
@pytest.mark.parametrize("days", [-2, 0, 1, 3])
def test_add_business_days_many_matches_add_business_days(cal: BusinessCalendar, days: int) -> None:
    starts = random_starts(300, seed=days + 10)
    # when
    results = cal.add_business_days_many(starts, days)
    # then
    for start, result in zip(starts, results, strict=True):
        expected = cal.add_business_days(moment(start), days).timestamp()
        assert result == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("cal", [moscow_support_hours(), new_york_weekdays()], ids=["msk", "ny"])
@pytest.mark.parametrize("days", [0, 1, 2])
def test_business_day_dues_many_matches_the_single_calls(cal: BusinessCalendar, days: int) -> None:
    starts = random_starts(300, seed=days + 20)
    # when
    dues = cal.business_day_dues_many(starts, days)
    # then
    for start, due in zip(starts, dues, strict=True):
        t = moment(start)
        expected = cal.add(t, cal.elapsed(t, cal.add_business_days(t, days))).timestamp()
        assert due == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("cal", [moscow_support_hours(), new_york_weekdays()], ids=["msk", "ny"])
def test_elapsed_many_matches_elapsed(cal: BusinessCalendar) -> None:
    starts = random_starts(300, seed=3)
    ends = [start + (k % 7 - 1) * 86_400.0 + k for k, start in enumerate(starts)]
    # when
    spans = cal.elapsed_many(starts, ends)
    # then
    for start, end, span in zip(starts, ends, spans, strict=True):
        expected = cal.elapsed(moment(start), moment(end)).total_seconds()
        assert span == pytest.approx(expected, abs=TOLERANCE)


def test_add_many_takes_one_budget_per_start() -> None:
    # given two starts with their own budgets
    cal = moscow_support_hours()
    start = datetime(2027, 3, 1, 3, tzinfo=UTC).timestamp()  # Mon 06:00 Moscow
    # when / then
    assert cal.add_many([start, start], [60.0, 7200.0]) == [start + 60, start + 7200]
    assert cal.add_many([], 60.0) == []


def test_add_many_refuses_negative_budgets() -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    with pytest.raises(ValueError, match="must not be negative"):
        cal.add_many([0.0, 0.0], [60.0, -1.0])

"""The support-hours calendar of PRODUCT.md §4, table-driven (DB-free)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk.sla.calendar import BusinessCalendar

MSK = ZoneInfo("Europe/Moscow")
NIGHT_SHIFT = [("06:00", "01:00")]
WEEKEND = [("10:00", "18:00")]


def moscow_support_hours() -> BusinessCalendar:
    """Mon-Fri 06:00-01:00 (next day), Sat-Sun 10:00-18:00 Moscow time, with 2027 specials.

    Holidays: Fri 2027-01-01 and Tue 2027-02-23. Sunday 2027-03-07 is a short day 10:00-14:00.
    """
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), NIGHT_SHIFT)
    return BusinessCalendar(
        time_zone="Europe/Moscow",
        weekly={**weekdays, "sat": WEEKEND, "sun": WEEKEND},
        holidays=[date(2027, 1, 1), date(2027, 2, 23)],
        date_overrides={date(2027, 3, 7): [("10:00", "14:00")]},
    )


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (msk(2027, 3, 2, 0, 30), True),  # Tue 00:30: Monday's shift
        (msk(2027, 3, 1, 0, 30), False),  # Mon 00:30: Sunday closed at 18:00
        (msk(2027, 3, 1, 6, 0), True),  # an opening is working time
        (msk(2027, 3, 2, 1, 0), False),  # a closing is not
        (msk(2027, 3, 6, 0, 30), True),  # Sat 00:30: Friday-night tail
        (msk(2027, 3, 6, 9, 59), False),
        (msk(2027, 3, 8, 0, 30), False),  # Mon 00:30 after the Sunday short day
        (msk(2027, 3, 7, 13, 59), True),  # short day 10:00-14:00
        (msk(2027, 3, 7, 15, 0), False),
        (msk(2027, 1, 1, 0, 30), True),  # holiday after midnight: Thursday's shift still runs
        (msk(2027, 1, 1, 12, 0), False),  # the holiday's own shift does not open
        (msk(2027, 1, 2, 0, 30), False),  # ... nor run past its midnight
        (msk(2027, 2, 23, 0, 30), True),  # Tue holiday: Monday's tail runs into it
        (msk(2027, 2, 24, 0, 30), False),
    ],
)
def test_is_working_follows_shifts_by_opening_date(moment: datetime, working: bool) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    assert cal.is_working(moment) is working


@pytest.mark.parametrize(
    ("start", "budget", "due"),
    [
        (msk(2027, 3, 1, 0, 30), timedelta(hours=2), msk(2027, 3, 1, 8, 0)),
        (msk(2027, 3, 2, 0, 30), timedelta(hours=2), msk(2027, 3, 2, 7, 30)),
        (msk(2027, 3, 5, 23, 30), timedelta(hours=1, minutes=30), msk(2027, 3, 6, 1, 0)),
        (msk(2027, 3, 5, 23, 30), timedelta(hours=2), msk(2027, 3, 6, 10, 30)),
        (msk(2027, 3, 6, 17, 0), timedelta(hours=2), msk(2027, 3, 7, 11, 0)),
        (msk(2027, 3, 7, 13, 0), timedelta(hours=2), msk(2027, 3, 8, 7, 0)),
        (msk(2026, 12, 31, 23, 0), timedelta(hours=3), msk(2027, 1, 2, 11, 0)),
        (msk(2027, 2, 22, 23, 0), timedelta(hours=3), msk(2027, 2, 24, 7, 0)),
        (msk(2027, 3, 1, 12, 0), timedelta(0), msk(2027, 3, 1, 12, 0)),
        (msk(2027, 3, 1, 3, 0), timedelta(0), msk(2027, 3, 1, 3, 0)),
    ],
)
def test_add_spends_the_budget_on_working_time(
    start: datetime, budget: timedelta, due: datetime
) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when
    result = cal.add(start, budget)
    # then the due time is exact, in UTC, and spends exactly the budget
    assert result == due
    assert result.tzinfo is UTC
    assert cal.elapsed(start, result) == budget


@pytest.mark.parametrize(
    ("end", "budget", "start"),
    [
        (msk(2027, 3, 6, 10, 30), timedelta(hours=2), msk(2027, 3, 5, 23, 30)),
        (msk(2027, 3, 6, 10, 0), timedelta(hours=1), msk(2027, 3, 6, 0, 0)),
        (msk(2027, 3, 1, 6, 0), timedelta(hours=1), msk(2027, 2, 28, 17, 0)),
        (msk(2027, 1, 2, 10, 30), timedelta(hours=1), msk(2027, 1, 1, 0, 30)),
        (msk(2027, 3, 2, 7, 0), timedelta(hours=1), msk(2027, 3, 2, 6, 0)),
    ],
)
def test_subtract_mirrors_add(end: datetime, budget: timedelta, start: datetime) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then: the latest start (an opening, not the closing before it)
    assert cal.subtract(end, budget) == start
    assert cal.add(end, -budget) == start


@pytest.mark.parametrize(
    ("start", "end", "working"),
    [
        (msk(2027, 3, 1), msk(2027, 3, 8), timedelta(hours=5 * 19 + 8 + 4)),
        (msk(2027, 3, 5, 23), msk(2027, 3, 6, 11), timedelta(hours=3)),
        (msk(2026, 12, 31), msk(2027, 1, 3), timedelta(hours=1 + 19 + 8)),  # Wed tail too
        (msk(2027, 3, 2), msk(2027, 3, 1), timedelta(0)),
        (msk(2027, 3, 1, 2), msk(2027, 3, 1, 5), timedelta(0)),
    ],
)
def test_elapsed_counts_working_time(start: datetime, end: datetime, working: timedelta) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    assert cal.elapsed(start, end) == working


@pytest.mark.parametrize(
    ("start", "days", "result"),
    [
        (msk(2027, 3, 1, 0, 30), 1, msk(2027, 3, 2, 0, 30)),  # Tue 00:30 is working
        (msk(2027, 3, 3, 12, 0), 1, msk(2027, 3, 4, 12, 0)),
        (msk(2027, 3, 5, 23, 30), 1, msk(2027, 3, 7, 10, 0)),  # Sat 23:30 -> Sun opening
        (msk(2027, 3, 5, 12, 0), 2, msk(2027, 3, 7, 12, 0)),
        (msk(2026, 12, 31, 12, 0), 1, msk(2027, 1, 2, 12, 0)),  # skips the holiday
        (msk(2027, 2, 22, 12, 0), 1, msk(2027, 2, 24, 12, 0)),
        (msk(2027, 1, 2, 12, 0), -1, msk(2026, 12, 31, 12, 0)),
        (msk(2027, 3, 8, 5, 0), -1, msk(2027, 3, 6, 18, 0)),  # Sun 05:00 -> last closing
        (msk(2027, 3, 1, 3, 0), 0, msk(2027, 3, 1, 6, 0)),
    ],
)
def test_add_business_days_keeps_the_clock_time(
    start: datetime, days: int, result: datetime
) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    assert cal.add_business_days(start, days) == result


@pytest.mark.parametrize(
    ("moment", "following", "preceding"),
    [
        (msk(2027, 3, 1, 0, 30), msk(2027, 3, 1, 6, 0), msk(2027, 2, 28, 18, 0)),
        (msk(2027, 3, 2, 0, 30), msk(2027, 3, 2, 0, 30), msk(2027, 3, 2, 0, 30)),
        (msk(2027, 3, 2, 1, 0), msk(2027, 3, 2, 6, 0), msk(2027, 3, 2, 1, 0)),
        (msk(2027, 1, 1, 12, 0), msk(2027, 1, 2, 10, 0), msk(2027, 1, 1, 1, 0)),
    ],
)
def test_next_and_previous_working_moments(
    moment: datetime, following: datetime, preceding: datetime
) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    assert cal.next_working_moment(moment) == following
    assert cal.previous_working_moment(moment) == preceding

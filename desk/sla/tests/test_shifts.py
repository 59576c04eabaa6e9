"""Engineers' shift patterns (DB-free): what is refused, and who is on shift when."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk.sla import shifts
from desk.sla.tests.test_calendar_moscow import moscow_support_hours, msk

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("weekly", "code", "day", "written"),
    [
        # two shifts of one day that overlap
        (
            {"tue": [["09:00", "13:00"], ["12:00", "17:00"]]},
            "overlap",
            "tue",
            ("09:00-13:00", "12:00-17:00"),
        ),
        # a night shift that runs into the next day's morning shift
        (
            {"mon": [["22:00", "02:00"]], "tue": [["01:00", "05:00"]]},
            "overlap",
            "mon",
            ("22:00-02:00", "01:00-05:00"),
        ),
        # Sunday night runs into Monday morning
        (
            {"sun": [["20:00", "03:00"]], "mon": [["02:00", "10:00"]]},
            "overlap",
            "sun",
            ("20:00-03:00", "02:00-10:00"),
        ),
        ({"wed": [["09:00", "09:00"]]}, "zero_length", "wed", ("09:00-09:00",)),
        ({"thu": [["25:00", "26:00"]]}, "bad_shift", "thu", ("25:00-26:00",)),
        ({"fri": [["09:00"]]}, "bad_shift", "fri", ()),
        ({"funday": [["09:00", "17:00"]]}, "unknown_day", "funday", ()),
    ],
)
def test_a_bad_pattern_is_refused_naming_the_day(weekly, code, day, written):
    with pytest.raises(shifts.ShiftProblem) as refused:
        shifts.check_pattern("Europe/Moscow", weekly)

    assert (refused.value.code, refused.value.day, refused.value.shifts) == (code, day, written)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(shifts.ShiftProblem) as refused:
        shifts.check_pattern("Mars/Olympus_Mons", {"mon": [["09:00", "17:00"]]})

    assert refused.value.code == "unknown_zone"


@pytest.mark.parametrize(
    "weekly",
    [
        {},
        {"mon": [["09:00", "13:00"], ["13:00", "17:00"]]},  # touching is fine
        {"mon": [["18:00", "02:00"]], "tue": [["02:00", "10:00"]]},
        {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        {"sun": [["22:00", "06:00"]], "mon": [["06:00", "14:00"]]},
    ],
)
def test_good_patterns_pass(weekly):
    shifts.check_pattern("Europe/Moscow", weekly)


def _night_owl(days_off=()):
    """Mon-Fri 22:00-06:00 Moscow (the shift belongs to the day it opens)."""
    night = [["22:00", "06:00"]]
    weekly = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), night)
    return shifts.shift_calendar("Europe/Moscow", weekly, days_off)


@pytest.mark.parametrize(
    ("at", "on_shift"),
    [
        (msk(2027, 3, 1, 21, 59), False),  # Monday before the shift
        (msk(2027, 3, 1, 22), True),
        (msk(2027, 3, 2, 5, 59), True),  # Tuesday morning: Monday's shift
        (msk(2027, 3, 2, 6), False),
        (msk(2027, 3, 6, 3), True),  # Saturday 03:00: Friday's shift
        (msk(2027, 3, 7, 23), False),  # Sunday night: no shift opens on Sunday
    ],
)
def test_on_shift_at_t_follows_shifts_across_midnight(at, on_shift):
    assert _night_owl().is_working(at) is on_shift


def test_a_day_off_drops_the_shift_that_opens_on_it_not_the_one_running_into_it():
    # given: Tuesday 2027-03-02 off
    calendar = _night_owl(days_off=[date(2027, 3, 2)])

    # then: Monday's shift still runs to Tuesday 06:00, Tuesday's does not open
    assert calendar.is_working(msk(2027, 3, 2, 5))
    assert not calendar.is_working(msk(2027, 3, 2, 23))
    assert calendar.next_working_moment(msk(2027, 3, 2, 7)) == msk(2027, 3, 3, 22)


def test_leave_is_every_day_of_its_range():
    assert shifts.days_in([(date(2027, 3, 30), date(2027, 4, 2))]) == {
        date(2027, 3, 30),
        date(2027, 3, 31),
        date(2027, 4, 1),
        date(2027, 4, 2),
    }


def test_a_pattern_in_another_time_zone_is_read_there():
    # given: 09:00-17:00 in Berlin, which is 11:00-19:00 Moscow in March 2027 (UTC+1 vs +3)
    calendar = shifts.shift_calendar("Europe/Berlin", {"mon": [["09:00", "17:00"]]})

    assert calendar.is_working(msk(2027, 3, 1, 11))
    assert not calendar.is_working(msk(2027, 3, 1, 10, 59))
    # after the switch to summer time (28 March) 09:00 Berlin is 10:00 Moscow
    assert calendar.is_working(datetime(2027, 3, 29, 9, tzinfo=BERLIN))
    assert calendar.is_working(msk(2027, 3, 29, 10))


def test_who_is_on_shift_and_for_how_long_in_a_window():
    # given: a night owl (1), the support hours (2), and someone on leave all week (3)
    calendars = {
        1: _night_owl(),
        2: moscow_support_hours(),
        3: moscow_support_hours().without(shifts.days_in([(date(2027, 2, 27), date(2027, 3, 7))])),
    }

    # when / then: Monday 21:00-23:00
    start, end = msk(2027, 3, 1, 21), msk(2027, 3, 1, 23)
    assert shifts.on_shift(calendars, msk(2027, 3, 1, 22, 30)) == [1, 2]
    assert shifts.on_shift_during(calendars, start, end) == {
        1: timedelta(hours=1),
        2: timedelta(hours=2),
    }


def test_the_end_of_the_current_shift():
    calendar = _night_owl()

    assert shifts.shift_end(calendar, msk(2027, 3, 1, 23)) == msk(2027, 3, 2, 6)
    assert shifts.shift_end(calendar, msk(2027, 3, 1, 12)) is None
    around_the_clock = shifts.shift_calendar(
        "UTC",
        {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    )
    assert shifts.shift_end(around_the_clock, msk(2027, 3, 1, 12)) is None

"""Timetable rows from calendar JSON, in a viewer's time zone and in words (no database)."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from desk.sla import timetable as contact
from desk.sla.timetable import HoursLine, WeeklyHours, weekly_rows

MOSCOW = ZoneInfo("Europe/Moscow")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# The seeded calendars (desk/sla/migrations/0002), as the admin stores them.
SUPPORT_HOURS = weekly_rows(
    {
        **{day: [["06:00", "01:00"]] for day in WEEKDAYS},
        "sat": [["10:00", "18:00"]],
        "sun": [["10:00", "18:00"]],
    }
)
CALL_HOURS = weekly_rows({day: [["09:00", "17:00"]] for day in WEEKDAYS})

WINTER = date(2025, 1, 15)
SUMMER = date(2025, 7, 16)


@pytest.mark.parametrize(
    ("zone", "week_of", "expected"),
    [
        (
            "Europe/Moscow",
            WINTER,
            (WeeklyHours(0, 4, time(6), time(1)), WeeklyHours(5, 6, time(10), time(18))),
        ),
        (
            "Europe/Istanbul",
            SUMMER,
            (WeeklyHours(0, 4, time(6), time(1)), WeeklyHours(5, 6, time(10), time(18))),
        ),
        (
            "Europe/Berlin",
            WINTER,
            (WeeklyHours(0, 4, time(4), time(23)), WeeklyHours(5, 6, time(8), time(16))),
        ),
        (
            "Europe/Berlin",
            SUMMER,
            (WeeklyHours(0, 4, time(5), time(0)), WeeklyHours(5, 6, time(9), time(17))),
        ),
        (
            "America/New_York",
            WINTER,
            (WeeklyHours(6, 3, time(22), time(17)), WeeklyHours(5, 6, time(2), time(10))),
        ),
        (
            "Asia/Yekaterinburg",
            WINTER,
            (WeeklyHours(0, 4, time(8), time(3)), WeeklyHours(5, 6, time(12), time(20))),
        ),
        (
            "Asia/Kolkata",
            WINTER,
            (
                WeeklyHours(0, 4, time(8, 30), time(3, 30)),
                WeeklyHours(5, 6, time(12, 30), time(20, 30)),
            ),
        ),
    ],
)
def test_support_hours_in_a_viewer_time_zone(zone, week_of, expected):
    # when
    converted = contact.hours_in_zone(SUPPORT_HOURS, MOSCOW, ZoneInfo(zone), week_of=week_of)
    # then
    assert converted == expected


def test_call_hours_in_yekaterinburg():
    # when
    converted = contact.hours_in_zone(
        CALL_HOURS, MOSCOW, ZoneInfo("Asia/Yekaterinburg"), week_of=WINTER
    )
    # then
    assert converted == (WeeklyHours(0, 4, time(11), time(19)),)


@pytest.mark.parametrize(
    ("row", "ends_next_day", "hours"),
    [
        (WeeklyHours(0, 4, time(6), time(1)), True, 19),
        (WeeklyHours(5, 6, time(10), time(18)), False, 8),
        (WeeklyHours(0, 0, time(0), time(0)), True, 24),
    ],
)
def test_weekly_hours_duration(row, ends_next_day, hours):
    assert row.ends_next_day is ends_next_day
    assert row.duration.total_seconds() == hours * 3600


def test_describe_support_hours_in_english():
    # when
    with translation.override("en"):
        lines = contact.describe(SUPPORT_HOURS)
    # then
    assert lines == [
        HoursLine(days="Monday–Friday", times="06:00–01:00 (next day)"),
        HoursLine(days="Saturday–Sunday", times="10:00–18:00"),
    ]


def test_describe_names_weekdays_in_russian():
    # when
    with translation.override("ru"):
        lines = contact.describe((WeeklyHours(6, 6, time(9), time(17)), *CALL_HOURS))
    # then
    assert [line.days for line in lines] == ["Воскресенье", "Понедельник–Пятница"]


@pytest.mark.parametrize(
    ("minutes", "label"), [(60, "1 hour"), (120, "2 hours"), (90, "90 minutes"), (1, "1 minute")]
)
def test_call_limit_label(minutes, label):
    with translation.override("en"):
        assert contact.call_limit_label(minutes) == label


@pytest.mark.parametrize(
    ("weekly", "expected"),
    [
        ({}, ()),
        ({"sun": [["09:00", "17:00"]]}, (WeeklyHours(6, 6, time(9), time(17)),)),
        (
            {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "tue": [["09:00", "24:00"]]},
            (
                WeeklyHours(0, 0, time(9), time(12)),
                WeeklyHours(0, 0, time(13), time(17)),
                WeeklyHours(1, 1, time(9), time(0)),
            ),
        ),
        (
            {"mon": [["06:00", "01:00"]], "wed": [["06:00", "01:00"]]},
            (WeeklyHours(0, 0, time(6), time(1)), WeeklyHours(2, 2, time(6), time(1))),
        ),
    ],
)
def test_weekly_rows_group_runs_of_equal_days(weekly, expected):
    assert weekly_rows(weekly) == expected


def test_seeded_rows():
    assert (
        WeeklyHours(0, 4, time(6), time(1)),
        WeeklyHours(5, 6, time(10), time(18)),
    ) == SUPPORT_HOURS
    assert (WeeklyHours(0, 4, time(9), time(17)),) == CALL_HOURS

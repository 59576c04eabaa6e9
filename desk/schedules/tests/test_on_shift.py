"""Who is on shift: "engineer X on shift at T" and "engineers speaking L on shift in a window",
from schedules, support hours, days off and leave. Support hours (PRODUCT.md §4): Mon-Fri
06:00-01:00, Sat-Sun 10:00-18:00 Moscow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.accounts import services as account_services
from desk.schedules import selectors, services
from desk.sla import services as sla
from desk.sla.models import Calendar, CalendarHoliday

MSK = ZoneInfo("Europe/Moscow")


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MSK).astimezone(UTC)


MONDAY = date(2027, 3, 1)
TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def sofia(db):
    """Bilingual, Technical Support, nights Mon-Fri 22:00-06:00 Moscow."""
    engineer = account_services.create_engineer(
        email="sofia@supportdesk.example",
        password=None,
        full_name="Sofia Night",
        department_codes=["technical-support"],
        speaks_en=True,
        speaks_ru=True,
    )
    night = [["22:00", "06:00"]]
    weekly = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), night)
    services.set_schedule(engineer=engineer, time_zone="Europe/Moscow", weekly=weekly)
    return engineer


def test_an_engineer_without_a_schedule_works_the_support_hours(engineer_en):
    assert selectors.is_on_shift(engineer_en, msk(MONDAY, 6))
    assert selectors.is_on_shift(engineer_en, msk(TUESDAY, 0, 30))  # Monday's shift
    assert not selectors.is_on_shift(engineer_en, msk(MONDAY, 0, 30))


def test_support_holidays_apply_to_those_who_work_the_support_hours(engineer_en, sofia):
    # when: Monday becomes a holiday of the support calendar
    support = Calendar.objects.get(code=sla.SUPPORT_CALENDAR)
    CalendarHoliday.objects.create(calendar=support, date=MONDAY)
    sla.mark_calendar_changed(calendar_id=support.pk)

    # then: Erin is off, Sofia keeps her own pattern
    assert not selectors.is_on_shift(engineer_en, msk(MONDAY, 12))
    assert selectors.is_on_shift(sofia, msk(MONDAY, 23))


def test_leave_takes_an_engineer_off_shift_at_once(sofia):
    # given: the calendar is built and cached
    assert selectors.is_on_shift(sofia, msk(TUESDAY, 23))

    # when
    services.add_time_off(
        engineer=sofia, kind="sick", first_day=TUESDAY, last_day=TUESDAY, actor=sofia.user
    )

    # then: Monday's night shift still runs into Tuesday; Tuesday's does not open
    assert selectors.is_on_shift(sofia, msk(TUESDAY, 5))
    assert not selectors.is_on_shift(sofia, msk(TUESDAY, 23))
    assert selectors.next_shift_start(sofia, msk(TUESDAY, 7)) == msk(
        TUESDAY + timedelta(days=1), 22
    )
    assert selectors.current_shift_end(sofia, msk(TUESDAY, 5)) == msk(TUESDAY, 6)


def test_engineers_on_shift_by_department_and_language(engineer_en, engineer_ru, sofia):
    # Monday 23:00: Erin and Roman work the support hours (to 01:00), Sofia her night shift
    at = msk(MONDAY, 23)

    russian = selectors.engineers_on_shift(
        at=at, department_id=sofia.departments.get().pk, language="ru"
    )
    english = selectors.engineers_on_shift(at=at, language="en")

    assert russian == [engineer_ru, sofia]
    assert english == [engineer_en, sofia]


def test_engineers_speaking_a_language_on_shift_in_a_window(engineer_en, engineer_ru, sofia):
    # Tuesday 00:00-08:00: the support hours give 1 h (00:00-01:00) + 2 h (06:00-08:00)
    found = selectors.engineers_on_shift_during(
        start=msk(TUESDAY, 0), end=msk(TUESDAY, 8), language="ru"
    )

    assert [(row.engineer, row.on_shift) for row in found] == [
        (sofia, timedelta(hours=6)),
        (engineer_ru, timedelta(hours=3)),
    ]


def test_answers_come_from_the_cache_until_something_changes(engineer_en, engineer_ru, sofia):
    ids = [engineer_en.pk, engineer_ru.pk, sofia.pk]
    selectors.shift_calendars(ids)

    with CaptureQueriesContext(connection) as queries:
        calendars = selectors.shift_calendars(ids)

    # the schedules' revisions and the support calendar's: nothing rebuilt
    assert len(queries) == 2
    assert sorted(calendars) == sorted(ids)

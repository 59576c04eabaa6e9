"""Within one HTTP request (`desk.core.request_cache`) the SLA policies and the shift calendars
are read once; a change made in the same request is seen by the next read."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.core import request_cache
from desk.schedules import selectors, services
from desk.sla import services as sla
from desk.sla.models import Calendar, CalendarHoliday, SlaPolicy

NIGHT = {day: [["22:00", "06:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def test_policies_are_read_once_per_request_and_again_after_a_change(db):
    plan_id = SlaPolicy.objects.filter(is_hotrush=False).values_list("plan_id", flat=True)[0]
    with request_cache.scope():
        sla.PolicyBook()
        with CaptureQueriesContext(connection) as queries:
            book = sla.PolicyBook()
        assert len(queries) == 0
        common = SlaPolicy.objects.get(is_hotrush=False, is_active=True)
        common.name = "Common inquiry, renamed"
        common.save()
        target = sla.PolicyBook().target(plan_id=plan_id or 0, is_hotrush=False)
        assert target is not None
        assert target.policy_name == "Common inquiry, renamed"
    assert book is not None
    with CaptureQueriesContext(connection) as queries:  # outside a request: read every time
        sla.PolicyBook()
        sla.PolicyBook()
    assert len(queries) == 2


def test_shift_calendars_are_read_once_per_request_and_again_after_a_change(
    engineer_en, engineer_ru
):
    ids = [engineer_en.pk, engineer_ru.pk]
    with request_cache.scope():
        before = selectors.shift_calendars(ids)
        with CaptureQueriesContext(connection) as queries:
            again = selectors.shift_calendars(ids)
            one = selectors.shift_calendars([engineer_ru.pk])
        assert len(queries) == 0
        assert again == before
        assert one == {engineer_ru.pk: before[engineer_ru.pk]}
        # a schedule changed in the same request
        services.set_schedule(engineer=engineer_en, time_zone="Europe/Moscow", weekly=NIGHT)
        changed = selectors.shift_calendars(ids)
        assert changed[engineer_en.pk] is not before[engineer_en.pk]
        assert changed[engineer_ru.pk] == before[engineer_ru.pk]
        # the support hours changed (engineer_ru follows them)
        support = Calendar.objects.get(code=sla.SUPPORT_CALENDAR)
        CalendarHoliday.objects.create(calendar=support, date=date(2027, 3, 1))
        sla.mark_calendar_changed(calendar_id=support.pk)
        assert selectors.shift_calendars(ids)[engineer_ru.pk] is not before[engineer_ru.pk]


def test_department_engineers_are_read_once_per_request_and_again_after_a_change(
    engineer_en, engineer_ru
):
    department = engineer_en.departments.get(code="technical-support")
    with request_cache.scope():
        before = selectors.department_engineers(department.pk)
        with CaptureQueriesContext(connection) as queries:
            again = selectors.department_engineers(department.pk)
        assert len(queries) == 0
        assert again == before == list(selectors.active_engineers(department_id=department.pk))
        assert {engineer_en, engineer_ru} <= set(before)
        # an engineer deactivated in the same request
        engineer_ru.is_active = False
        engineer_ru.save(update_fields=["is_active"])
        assert engineer_ru not in selectors.department_engineers(department.pk)
        # an account deactivated
        engineer_en.user.is_active = False
        engineer_en.user.save(update_fields=["is_active"])
        assert engineer_en not in selectors.department_engineers(department.pk)
        # a department left
        engineer_en.user.is_active = True
        engineer_en.user.save(update_fields=["is_active"])
        assert engineer_en in selectors.department_engineers(department.pk)
        engineer_en.departments.clear()
        assert engineer_en not in selectors.department_engineers(department.pk)
    with CaptureQueriesContext(connection) as queries:  # outside a request: read every time
        selectors.department_engineers(department.pk)
        selectors.department_engineers(department.pk)
    assert len(queries) == 2

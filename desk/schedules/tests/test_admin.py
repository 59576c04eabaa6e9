"""Schedules in the admin, on the engineer's page: saved through the services; a bad pattern or
bad leave is refused on its field and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from desk.schedules.models import Schedule, TimeOff


def _form(engineer, **changes):
    data = {
        "user": engineer.user.pk,
        "departments": [d.pk for d in engineer.departments.all()],
        "speaks_en": "on",
        "is_active": "on",
        "schedule-TOTAL_FORMS": "1",
        "schedule-INITIAL_FORMS": "0",
        "schedule-MIN_NUM_FORMS": "0",
        "schedule-MAX_NUM_FORMS": "1",
        "schedule-0-time_zone": "Europe/Moscow",
        "schedule-0-engineer": engineer.pk,
        "time_off-TOTAL_FORMS": "0",
        "time_off-INITIAL_FORMS": "0",
        "time_off-MIN_NUM_FORMS": "0",
        "time_off-MAX_NUM_FORMS": "1000",
    }
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        data[f"schedule-0-weekly_{day}"] = ""
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, staff_admin):
    client.force_login(staff_admin)
    return client


def test_the_admin_saves_a_night_pattern_and_leave(admin_client, engineer_en):
    url = reverse("admin:accounts_engineer_change", args=[engineer_en.pk])

    response = admin_client.post(
        url,
        _form(
            engineer_en,
            **{
                "schedule-0-weekly_mon": "22:00-06:00",
                "schedule-0-weekly_tue": "09:00 - 13:00, 14:00-18:00",
                "time_off-TOTAL_FORMS": "1",
                "time_off-0-kind": "leave",
                "time_off-0-first_day": "2099-07-01",
                "time_off-0-last_day": "2099-07-14",
                "time_off-0-engineer": engineer_en.pk,
            },
        ),
    )

    assert response.status_code == 302
    schedule = Schedule.objects.get(engineer=engineer_en)
    assert schedule.weekly == {
        "mon": [["22:00", "06:00"]],
        "tue": [["09:00", "13:00"], ["14:00", "18:00"]],
    }
    leave = TimeOff.objects.get()
    assert (leave.first_day, leave.last_day) == (date(2099, 7, 1), date(2099, 7, 14))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"schedule-0-weekly_tue": "09:00-13:00, 12:00-17:00"},
            "Tuesday: the shifts 09:00-13:00 and 12:00-17:00 overlap.",
        ),
        (
            {"schedule-0-weekly_wed": "09:00-09:00"},
            "Wednesday: the shift 09:00-09:00 has no length",
        ),
        ({"schedule-0-weekly_thu": "nine to five"}, "Thursday: write shifts as HH:MM-HH:MM"),
        (
            {"schedule-0-time_zone": "Mars/Olympus_Mons", "schedule-0-weekly_mon": "09:00-17:00"},
            "Time zone: “Mars/Olympus_Mons” is not a time zone we know",
        ),
        (
            {
                "time_off-TOTAL_FORMS": "1",
                "time_off-0-kind": "leave",
                "time_off-0-first_day": "2099-07-14",
                "time_off-0-last_day": "2099-07-01",
            },
            "Last day: the time off ends before it starts.",
        ),
        (
            {
                "time_off-TOTAL_FORMS": "2",
                "time_off-0-kind": "leave",
                "time_off-0-first_day": "2099-07-01",
                "time_off-0-last_day": "2099-07-14",
                "time_off-1-kind": "day_off",
                "time_off-1-first_day": "2099-07-14",
                "time_off-1-last_day": "2099-07-14",
            },
            "First day: this overlaps the time off from",
        ),
    ],
)
def test_the_admin_refuses_bad_input_on_its_field_and_saves_nothing(
    admin_client, engineer_en, changes, message
):
    url = reverse("admin:accounts_engineer_change", args=[engineer_en.pk])

    response = admin_client.post(url, _form(engineer_en, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Schedule.objects.exists()
    assert not TimeOff.objects.exists()

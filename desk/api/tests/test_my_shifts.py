"""The engineer's own shifts and time off over the API."""

from __future__ import annotations

from datetime import date

import pytest

from desk.schedules import services
from desk.schedules.models import TimeOff


@pytest.fixture
def api(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def test_my_shifts_follow_the_support_hours_by_default(api):
    response = api.get("/api/console/shifts")

    assert response.status_code == 200
    body = response.json()
    assert (body["follows_support_hours"], body["time_zone"], body["weekly"]) == (
        True,
        "Europe/Moscow",
        {},
    )


def test_my_own_pattern(api, engineer_en):
    services.set_schedule(
        engineer=engineer_en, time_zone="Asia/Tokyo", weekly={"sat": [["09:00", "18:00"]]}
    )

    body = api.get("/api/console/shifts").json()

    assert (body["follows_support_hours"], body["time_zone"], body["weekly"]) == (
        False,
        "Asia/Tokyo",
        {"sat": [["09:00", "18:00"]]},
    )


def test_adding_listing_and_removing_time_off(api, engineer_en):
    created = api.post(
        "/api/console/time-off",
        {"kind": "leave", "first_day": "2099-07-01", "last_day": "2099-07-14", "note": "Summer"},
        content_type="application/json",
    )
    assert created.status_code == 201
    time_off_id = created.json()["id"]

    listed = api.get("/api/console/time-off").json()
    removed = api.post(f"/api/console/time-off/{time_off_id}/remove")

    assert [row["first_day"] for row in listed["items"]] == ["2099-07-01"]
    assert removed.status_code == 204
    assert not TimeOff.objects.exists()


def test_leave_that_ends_before_it_starts_is_refused_naming_the_field(api):
    response = api.post(
        "/api/console/time-off",
        {"kind": "leave", "first_day": "2099-07-14", "last_day": "2099-07-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "time_off_ends_before_start"
    assert response.json()["field"] == "last_day"
    assert not TimeOff.objects.exists()


def test_a_colleagues_time_off_is_not_found(api, engineer_ru):
    theirs = services.add_time_off(
        engineer=engineer_ru,
        kind="day_off",
        first_day=date(2099, 7, 1),
        last_day=date(2099, 7, 1),
        actor=None,
    )

    response = api.post(f"/api/console/time-off/{theirs.pk}/remove")

    assert (response.status_code, response.json()["code"]) == (404, "time_off_not_found")
    assert TimeOff.objects.count() == 1


def test_customers_get_not_found(client, alice):
    client.force_login(alice)

    assert client.get("/api/console/shifts").status_code == 404

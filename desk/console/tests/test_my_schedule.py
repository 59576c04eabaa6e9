"""The engineer's own shifts and leave in the console: add and remove their own time off;
refusals name the field and save nothing; nobody touches anyone else's."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from desk.schedules import services
from desk.schedules.models import TimeOff


@pytest.fixture
def signed_in(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def test_the_page_shows_support_hours_and_time_off(signed_in, engineer_en):
    services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2099, 7, 1),
        last_day=date(2099, 7, 14),
        note="Summer",
        actor=None,
    )

    response = signed_in.get(reverse("console:schedule"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "You work the support hours" in page
    assert "Summer" in page


def test_an_engineer_adds_leave(signed_in, engineer_en):
    response = signed_in.post(
        reverse("console:time_off_add"),
        {"kind": "leave", "first_day": "2099-07-01", "last_day": "2099-07-14", "note": "Summer"},
    )

    assert response.status_code == 302
    leave = TimeOff.objects.get()
    assert (leave.engineer, leave.first_day, leave.last_day, leave.created_by) == (
        engineer_en,
        date(2099, 7, 1),
        date(2099, 7, 14),
        engineer_en.user,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "leave", "first_day": "2099-07-14", "last_day": "2099-07-01"},
            "Last day: the time off ends before it starts.",
        ),
        (
            {"kind": "leave", "first_day": "2099-07-10", "last_day": "2099-07-20"},
            "First day: this overlaps the time off from",
        ),
        (
            {"kind": "leave", "first_day": "2099-02-30", "last_day": "2099-03-01"},
            "Enter a valid date.",
        ),
        (
            {"kind": "vacation", "first_day": "2099-07-01", "last_day": "2099-07-01"},
            "Select a valid choice.",
        ),
    ],
)
def test_bad_leave_is_refused_naming_the_field_and_nothing_is_saved(
    signed_in, engineer_en, data, message
):
    services.add_time_off(
        engineer=engineer_en,
        kind="day_off",
        first_day=date(2099, 7, 15),
        last_day=date(2099, 7, 15),
        actor=None,
    )

    response = signed_in.post(reverse("console:time_off_add"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert TimeOff.objects.count() == 1


def test_an_engineer_removes_their_own_time_off_but_not_a_colleagues(
    client, engineer_en, engineer_ru
):
    mine = services.add_time_off(
        engineer=engineer_en,
        kind="day_off",
        first_day=date(2099, 7, 1),
        last_day=date(2099, 7, 1),
        actor=None,
    )
    theirs = services.add_time_off(
        engineer=engineer_ru,
        kind="day_off",
        first_day=date(2099, 7, 1),
        last_day=date(2099, 7, 1),
        actor=None,
    )
    client.force_login(engineer_en.user)

    foreign = client.post(reverse("console:time_off_remove", args=[theirs.pk]))
    own = client.post(reverse("console:time_off_remove", args=[mine.pk]))

    assert (foreign.status_code, own.status_code) == (404, 302)
    assert list(TimeOff.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_customers_do_not_find_the_page(client, alice):
    client.force_login(alice)

    assert client.get(reverse("console:schedule")).status_code == 404

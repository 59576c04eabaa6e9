"""The queue orders by reply due time and shows the working time left and the due instant in
the viewer's time zone (support hours: Mon-Fri 06:00-01:00, Sat-Sun 10:00-18:00, Moscow)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.tests.builders import (
    MOSCOW,
    at_moscow,
    next_moscow,
    open_request,
    pay_order,
)

FRIDAY, SATURDAY, MONDAY = 4, 5, 0


@pytest.fixture
def store(alice, clock):
    """A store whose subscription was paid two weeks ago, so it already covers the Friday before
    the next Monday (a test opens a request then; paid "now", it failed Fri 17:25 to Mon 10:00)."""
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    real_now = clock.current
    clock.current = real_now - timedelta(days=14)
    pay_order(alice, "subscription-1m", store=shop)
    clock.current = real_now
    return shop


def _cells(response) -> list[tuple[str, str]]:
    rows = []
    for ticket, countdown in response.context["rows"]:
        rows.append((ticket.subject, countdown.text if countdown else ""))
    return rows


def test_queue_shows_working_time_left_and_overdue(client, alice, store, engineer_en, clock):
    # given: a Hotrush due 12:00 and one due 10:25, viewed Monday 10:40
    opened = clock.current = next_moscow(MONDAY, 10)
    open_request(alice, store, subject="Fresh", is_hotrush=True)
    clock.current = at_moscow(opened, -3, 17, 25)  # Friday 17:25: due Friday 19:25
    open_request(alice, store, subject="Forgotten", is_hotrush=True)
    clock.current = at_moscow(opened, 0, 10, 40)
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:queue"))

    # then: overdue in real time since Friday 19:25; left in working time
    assert _cells(response) == [
        ("Forgotten", "overdue by 63 h 15 min"),
        ("Fresh", "1 h 20 min left"),
    ]
    content = response.content.decode()
    # the due instant in the viewer's zone (Erin: Europe/Moscow by default)
    assert 'datetime="' + at_moscow(opened, 0, 12).astimezone(MOSCOW).isoformat() + '"' in content
    assert ">Mon 12:00 PM</time>" in content


def test_working_time_left_skips_closed_hours(client, alice, store, engineer_en, clock):
    # given: Hotrush on Saturday 17:30 is due Sunday 11:30; viewed Saturday 17:45
    opened = clock.current = next_moscow(SATURDAY, 17, 30)
    open_request(alice, store, subject="Weekend", is_hotrush=True)
    clock.current = at_moscow(opened, 0, 17, 45)
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:queue"))

    assert _cells(response) == [("Weekend", "1 h 45 min left")]


def test_queue_is_ordered_by_due_time_not_by_hotrush(client, alice, store, engineer_en, clock):
    # given: a common inquiry Fri 23:00 (due Sat 18:00), a Hotrush Sat 17:30 (due Sun 11:30),
    # and a request waiting on the customer (nothing due: last, its clock paused with 10 h left)
    opened = clock.current = next_moscow(FRIDAY, 23)
    common = open_request(alice, store, subject="Common")
    waiting = open_request(alice, store, subject="Waiting")
    services.change_status(ticket=waiting, actor=engineer_en.user, status="waiting")
    clock.current = at_moscow(opened, 1, 17, 30)
    open_request(alice, store, subject="Rush", is_hotrush=True)
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:queue"))

    # then
    assert _cells(response) == [
        ("Common", "30 min left"),
        ("Rush", "2 h left"),
        ("Waiting", "paused: 10 h left"),
    ]
    assert common.pk == response.context["rows"][0][0].pk


def test_viewer_in_another_time_zone_sees_the_due_instant_there(
    client, alice, store, engineer_en, clock
):
    # given
    engineer_en.user.time_zone = "Asia/Tokyo"  # UTC+9: six hours after Moscow
    engineer_en.user.save(update_fields=["time_zone"])
    clock.current = next_moscow(MONDAY, 10)
    open_request(alice, store, subject="Fresh", is_hotrush=True)
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:queue"))

    # then: due Mon 12:00 Moscow = Mon 18:00 Tokyo
    assert ">Mon 6:00 PM</time>" in response.content.decode()
    assert "(Tokyo)" in response.content.decode()

"""One source for hours (issue 8 point 5): every page that shows hours renders them from the SLA
calendars — weekly hours, holidays and special days in the next 30 days — in Moscow time and in
the viewer's zone (profile zone for customers, browser zone for visitors), EN and RU; an admin
edit shows on the next view."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from desk.core import clock
from desk.sla.models import Calendar, CalendarHoliday, CalendarOverride

PAGES = ("portal:contact", "portal:pricing", "portal:call_terms")


@pytest.fixture
def winter(monkeypatch):
    """Wednesday 15 January 2025, 09:00 UTC: no DST anywhere near."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 15, 9, 0, tzinfo=UTC))


def _admin_calendar_form(calendar: Calendar, weekly: str) -> dict[str, str]:
    return {
        "code": calendar.code,
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "weekly": weekly,
        "holidays-TOTAL_FORMS": "0",
        "holidays-INITIAL_FORMS": "0",
        "overrides-TOTAL_FORMS": "0",
        "overrides-INITIAL_FORMS": "0",
    }


def test_an_admin_edit_of_the_hours_shows_on_every_page_at_once(client, staff_admin, winter):
    # given support on Saturdays 10:00-18:00, calls Mon-Fri 09:00-17:00
    support = Calendar.objects.get(code="support-hours")
    calls = Calendar.objects.get(code="call-hours")
    client.force_login(staff_admin)
    weekdays = ("mon", "tue", "wed", "thu", "fri")

    # when the admin shortens Saturday and moves the call hours
    for calendar, weekly in (
        (support, '{"mon": [["06:00", "01:00"]], "sat": [["11:00", "15:00"]]}'),
        (calls, "{" + ", ".join(f'"{d}": [["10:00", "16:00"]]' for d in weekdays) + "}"),
    ):
        answer = client.post(
            reverse("admin:sla_calendar_change", args=[calendar.pk]),
            _admin_calendar_form(calendar, weekly),
        )
        assert answer.status_code == 302
    client.logout()

    # then every page shows the new hours, and none the old
    contact = client.get(reverse("portal:contact")).content.decode()
    assert "<dt>Monday</dt><dd>06:00–01:00 (next day)</dd>" in contact
    assert "<dt>Saturday</dt><dd>11:00–15:00</dd>" in contact
    assert "<dt>Monday–Friday</dt><dd>10:00–16:00</dd>" in contact
    assert "10:00–18:00" not in contact
    assert "09:00–17:00" not in contact
    pricing = client.get(reverse("portal:pricing")).content.decode()
    assert "<dt>Saturday</dt><dd>11:00–15:00</dd>" in pricing
    assert "<dt>Monday–Friday</dt><dd>06:00" not in pricing
    assert "<dt>Monday–Friday</dt><dd>10:00–16:00</dd>" in pricing  # the call hours
    calls_page = client.get(reverse("portal:call_terms")).content.decode()
    assert "<dt>Monday–Friday</dt><dd>10:00–16:00</dd>" in calls_page


def test_a_holiday_added_in_the_admin_is_listed_for_thirty_days(client, staff_admin, winter):
    support = Calendar.objects.get(code="support-hours")
    client.force_login(staff_admin)

    # when the admin adds a holiday in 10 days and one in 40 days
    for day, name in ((date(2025, 1, 25), "Founders' day"), (date(2025, 2, 24), "Far away")):
        answer = client.post(
            reverse("admin:sla_calendarholiday_add"),
            {"calendar": support.pk, "date": day.isoformat(), "name": name},
        )
        assert answer.status_code == 302
    client.logout()

    # then the pages list the near one as closed, not the far one
    for page in ("portal:contact", "portal:pricing"):
        content = client.get(reverse(page)).content.decode()
        assert "<dt>Jan 25, 2025 (Founders&#x27; day)</dt><dd>closed</dd>" in content
        assert "Far away" not in content


def test_a_special_day_shows_its_hours_in_moscow_and_in_the_viewers_zone(client, alice, winter):
    # given a short call day in a week, and Alice in Europe/Berlin (UTC+1 in January)
    calls = Calendar.objects.get(code="call-hours")
    CalendarOverride.objects.create(
        calendar=calls, date=date(2025, 1, 22), intervals=[["10:00", "13:00"]]
    )
    client.force_login(alice)

    content = client.get(reverse("portal:call_terms")).content.decode()

    assert "<dt>Jan 22, 2025</dt><dd>10:00–13:00</dd>" in content
    assert "In your time zone (Berlin)" in content
    assert "<dt>Jan 22, 2025</dt><dd>08:00–11:00</dd>" in content
    assert "<dt>Monday–Friday</dt><dd>07:00–15:00</dd>" in content


def test_russian_pages_name_days_and_holidays_in_russian(client, bob, winter):
    # given Bob (Russian, Asia/Yekaterinburg = Moscow + 2)
    support = Calendar.objects.get(code="support-hours")
    CalendarHoliday.objects.create(calendar=support, date=date(2025, 1, 20), name="Праздник")
    client.force_login(bob)

    content = client.get(reverse("portal:contact")).content.decode()

    assert "<dt>Понедельник–Пятница</dt><dd>06:00–01:00 (следующего дня)</dd>" in content
    assert "<dt>Понедельник–Пятница</dt><dd>08:00–03:00 (следующего дня)</dd>" in content
    assert "<dt>20 янв. 2025 (Праздник)</dt><dd>выходной</dd>" in content


def test_a_visitor_sees_moscow_time_and_the_page_offers_the_browser_zone(client, db, winter):
    response = client.get(reverse("portal:contact"))

    content = response.content.decode()
    assert response.context["viewer_time_zone"] is None
    url = reverse("portal:local_hours")
    assert f'data-local-hours data-zone="Europe/Moscow" data-url="{url}?part="' in content


def test_the_fragment_gives_the_hours_in_the_browser_zone(client, db, winter):
    response = client.get(reverse("portal:local_hours"), {"tz": "America/New_York"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "In your time zone (New York)" in content
    # Moscow Mon-Fri 06:00-01:00 is New York Sun-Thu 22:00-17:00
    assert "<dt>Sunday–Thursday</dt><dd>22:00–17:00 (next day)</dd>" in content
    assert "<dt>Monday–Friday</dt><dd>01:00–09:00</dd>" in content  # calls 09:00-17:00


def test_the_fragment_for_calls_only(client, db, winter):
    content = client.get(
        reverse("portal:local_hours"), {"tz": "Asia/Tokyo", "part": "calls"}
    ).content.decode()
    assert "<dt>Monday–Friday</dt><dd>15:00–23:00</dd>" in content
    assert "Saturday" not in content


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "../../etc/passwd", "x" * 300])
def test_the_fragment_refuses_an_unknown_zone(client, db, zone):
    response = client.get(reverse("portal:local_hours"), {"tz": zone})
    assert response.status_code == 400
    assert b'data-error-code="invalid_time_zone"' in response.content


def test_the_browser_zone_cookie_renders_the_next_page_on_the_server(client, db, winter):
    client.cookies["desk_tz"] = "Asia/Tokyo"
    response = client.get(reverse("portal:pricing"))
    assert response.context["viewer_time_zone"] == "Asia/Tokyo"
    assert "<dt>Monday–Friday</dt><dd>12:00–07:00 (next day)</dd>" in response.content.decode()


def test_a_bad_zone_cookie_is_ignored(client, db, winter):
    client.cookies["desk_tz"] = "Nowhere/Land"
    response = client.get(reverse("portal:pricing"))
    assert response.status_code == 200
    assert response.context["viewer_time_zone"] is None


def test_a_customers_profile_zone_wins_over_the_cookie(client, alice, winter):
    client.force_login(alice)
    client.cookies["desk_tz"] = "Asia/Tokyo"
    response = client.get(reverse("portal:contact"))
    assert response.context["viewer_time_zone"] == "Europe/Berlin"
    assert b"data-url=" not in response.content  # the page does not ask the browser

"""SLA configuration in the admin: saving a holiday or a policy recomputes open due times,
which only ever move earlier (the promise made to the customer stands)."""

from __future__ import annotations

from django.urls import reverse

from desk.sla.models import Calendar, CalendarHoliday, SlaPolicy
from desk.tickets.tests.builders import MOSCOW, at_moscow, next_moscow, open_request

FRIDAY = 4


def test_adding_a_holiday_in_the_admin_keeps_promised_due_times(
    client, staff_admin, alice, alice_store, alice_subscription, clock
):
    # given: a common inquiry Fri 23:00, due Sat 18:00
    opened = clock.current = next_moscow(FRIDAY, 23)
    ticket = open_request(alice, alice_store)
    support = Calendar.objects.get(code="support-hours")
    saturday = at_moscow(opened, 1, 12).astimezone(MOSCOW).date()
    client.force_login(staff_admin)

    # when
    response = client.post(
        reverse("admin:sla_calendarholiday_add"),
        {"calendar": support.pk, "date": saturday.isoformat(), "name": "Founders' day"},
        follow=True,
    )

    # then
    assert response.status_code == 200
    assert CalendarHoliday.objects.filter(calendar=support, date=saturday).exists()
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(opened, 1, 18)
    assert (
        "The due times of 0 open requests moved earlier; a promised due time never moves later."
        in response.content.decode()
    )


def test_changing_the_hotrush_target_in_the_admin_applies_to_new_clocks(
    client, staff_admin, alice, alice_store, alice_subscription, clock
):
    # given
    opened = clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    policy = SlaPolicy.objects.get(is_hotrush=True)
    client.force_login(staff_admin)

    # when: 3 working hours
    response = client.post(
        reverse("admin:sla_slapolicy_change", args=[policy.pk]),
        {
            "name": policy.name,
            "plan": "",
            "is_hotrush": "on",
            "target_business_days": "",
            "target_minutes": "180",
            "calendar": policy.calendar_id,
            "warn_lead_minutes": "30",
            "is_active": "on",
            "priority": "0",
        },
    )

    # then: the running clock keeps its promise, a new request gets 3 hours
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(opened, 0, 12)
    assert open_request(alice, alice_store, is_hotrush=True).reply_due_at == at_moscow(
        opened, 0, 13
    )


def test_the_admin_refuses_a_policy_with_two_targets_or_bad_hours(client, staff_admin):
    # given
    client.force_login(staff_admin)
    support = Calendar.objects.get(code="support-hours")
    before = SlaPolicy.objects.count()

    # when
    policy = client.post(
        reverse("admin:sla_slapolicy_add"),
        {
            "name": "Both",
            "target_business_days": "1",
            "target_minutes": "60",
            "calendar": support.pk,
            "warn_lead_minutes": "30",
            "priority": "0",
        },
    )
    calendar = client.post(
        reverse("admin:sla_calendar_change", args=[support.pk]),
        {
            "code": "support-hours",
            "name": "Support hours",
            "time_zone": "Europe/Moscow",
            "weekly": '{"mon": [["25:00", "01:00"]]}',
            "holidays-TOTAL_FORMS": "0",
            "holidays-INITIAL_FORMS": "0",
            "overrides-TOTAL_FORMS": "0",
            "overrides-INITIAL_FORMS": "0",
        },
    )

    # then
    assert (policy.status_code, calendar.status_code) == (200, 200)
    assert SlaPolicy.objects.count() == before
    support.refresh_from_db()
    assert support.weekly["mon"] == [["06:00", "01:00"]]

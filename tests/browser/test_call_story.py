"""Live calls in Chromium, in English and in Russian: a Hotrush customer asks for a call from
the request page, the engineer confirms one of the times in the console, both pages show the
confirmed call in their own time zone, and the calendar invite downloads and parses.

Assertions use data (statuses in data attributes, times computed from the stored call), never
translated labels. Screenshots: artifacts/browser/<lang>-calls/NN-<step>.png.
"""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect

from desk.accounts import services as account_services
from desk.calls.models import Call, CallStatus
from desk.core import formatting
from desk.stores import services as store_services
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import open_request, pay_order
from tests.browser.test_customer_story import SUBMIT, Camera, chromium, require_chromium, sign_in
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]
PASSWORD = "Call-story-2025-long"
PEOPLE = {
    # lang: (customer zone, engineer zone)
    "en": ("Europe/Berlin", "Asia/Tokyo"),
    "ru": ("Asia/Yekaterinburg", "Europe/Moscow"),
}


def _world(lang: str) -> tuple[Ticket, str, str]:
    """A customer with a subscription and an open Hotrush request in `lang`, and an engineer
    speaking it; returns the request and both sign-in emails."""
    customer_zone, engineer_zone = PEOPLE[lang]
    customer = account_services.register_customer(
        email=f"caller.{lang}@example.com",
        password=PASSWORD,
        full_name="Carla Caller",
        language=lang,
        time_zone=customer_zone,
    )
    engineer = account_services.create_engineer(
        email=f"call.engineer.{lang}@supportdesk.example",
        password=PASSWORD,
        full_name="Cal Engineer",
        department_codes=["technical-support"],
        speaks_en=lang == "en",
        speaks_ru=lang == "ru",
        language=lang,
    )
    engineer.user.time_zone = engineer_zone
    engineer.user.save(update_fields=["time_zone"])
    store = store_services.add_store(customer=customer, url=f"calls-{lang}.example")
    pay_order(customer, "subscription-1m", store=store)
    ticket = open_request(customer, store, subject="Payment page is blank", language=lang)
    Ticket.objects.filter(pk=ticket.pk).update(is_hotrush=True)
    return ticket, customer.email, engineer.user.email


def _local(call: Call, zone: str, lang: str) -> str:
    """The call's start as the formatting layer shows it to a viewer in `zone` reading `lang`."""
    assert call.starts_at is not None
    return formatting.format_moment(call.starts_at, language=lang, zone=zone)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_customer_books_a_call_and_the_engineer_confirms_it(live_server, lang):
    # given
    require_chromium()
    ticket, customer_email, engineer_email = _world(lang)
    customer_zone, engineer_zone = PEOPLE[lang]
    camera = Camera(f"{lang}-calls")
    request_path = f"/requests/{ticket.pk}/"

    with chromium(live_server.url) as open_page:
        customer, engineer = open_page(customer_zone), open_page(engineer_zone)
        sign_in(customer, customer_email, PASSWORD, lang)
        sign_in(engineer, engineer_email, PASSWORD, lang)

        # when: the customer asks for a call at two of the offered times
        ask_for_a_call(customer, request_path, camera)
        # and the engineer confirms the first of them
        confirm_in_console(engineer, request_path, camera)

        # then: both see the confirmed call in their own zone
        call = Call.objects.get(ticket=ticket)
        assert call.status == CallStatus.CONFIRMED
        customer.goto(request_path)
        start = customer.locator("[data-call-status=confirmed] time[data-call-start]")
        expect(start).to_contain_text(_local(call, customer_zone, lang))
        expect(customer.locator("html")).to_have_attribute("lang", lang)
        camera.shoot(customer, "customer-sees-confirmed")
        engineer.goto(f"/console{request_path}")
        start = engineer.locator("[data-call-status=confirmed] time[data-call-start]")
        expect(start).to_contain_text(_local(call, engineer_zone, lang))
        camera.shoot(engineer, "engineer-sees-confirmed")
        engineer.goto("/console/calls/")
        expect(engineer.locator(f"tr[data-call='{call.pk}']")).to_contain_text(
            _local(call, engineer_zone, lang)
        )
        camera.shoot(engineer, "engineer-week")

        # and the invite opens: METHOD:REQUEST at the confirmed time
        href = customer.locator("[data-call-invite]").get_attribute("href")
        assert href is not None
        response = customer.request.get(href)
        assert response.ok
        assert response.headers["content-type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.body())
        (event,) = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == "REQUEST"
        assert event.decoded("DTSTART") == call.starts_at
        assert str(event["UID"]).startswith(str(call.uid))


def ask_for_a_call(page: Page, request_path: str, camera: Camera) -> None:
    page.goto(request_path)
    form = page.locator("form[data-call-form]")
    expect(form).to_be_visible()
    form.locator("select[name=handle_kind]").select_option("skype")
    form.locator("input[name=handle]").fill("carla.caller")
    options = form.locator("select[name=windows] option")
    values = [options.nth(0).get_attribute("value"), options.nth(1).get_attribute("value")]
    form.locator("select[name=windows]").select_option([v for v in values if v])
    camera.shoot(page, "call-form")
    form.locator(SUBMIT).click()
    expect(page).to_have_url(re.compile(r"/requests/\d+/$"))
    expect(page.locator("[data-call-status=requested]")).to_have_count(1)
    camera.shoot(page, "call-requested")


def confirm_in_console(page: Page, request_path: str, camera: Camera) -> None:
    page.goto(f"/console{request_path}")
    expect(page.locator("[data-call-status=requested]")).to_have_count(1)
    camera.shoot(page, "console-call-requested")
    page.locator(f"form[action$='/confirm/'] {SUBMIT}").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator("[data-call-status=confirmed]")).to_have_count(1)
    camera.shoot(page, "console-call-confirmed")

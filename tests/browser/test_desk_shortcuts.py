"""The engineer's desk in Chromium: queue shortcuts (j/k/x/Enter, "?" help, nothing while typing
in a field), "r" to the reply on a request, a canned reply inserted by the picker, and a draft
that survives a reload. Screenshots: artifacts/browser/en-desk/NN-<step>.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from desk.accounts import services as account_services
from desk.replies import services as reply_services
from desk.stores import services as store_services
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import open_request, pay_order
from tests.browser.test_customer_story import Camera, chromium, require_chromium, sign_in
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]
PASSWORD = "Desk-keys-2025-long"


def _world() -> tuple[list[Ticket], str]:
    """Three open requests of one customer and an English engineer; the requests in queue
    order and the engineer's email."""
    customer = account_services.register_customer(
        email="keys.customer@example.com",
        password=PASSWORD,
        full_name="Kim Keys",
        language="en",
        time_zone="Europe/Berlin",
    )
    engineer = account_services.create_engineer(
        email="keys.engineer@supportdesk.example",
        password=PASSWORD,
        full_name="Kai Engineer",
        department_codes=["technical-support"],
        speaks_en=True,
    )
    store = store_services.add_store(customer=customer, url="keys-shop.example")
    pay_order(customer, "subscription-1m", store=store)
    tickets = [open_request(customer, store, subject=f"Keys request {n}") for n in range(3)]
    reply_services.create_canned_reply(
        owner=None,
        title="Greeting",
        body="Hello {customer_name}, about {ticket_number}.",
        language="en",
        department=None,
    )
    return tickets, engineer.user.email


def _selected(page: Page) -> str | None:
    return page.locator("tr.is-selected").get_attribute("data-ticket")


def test_queue_shortcuts_reply_shortcut_canned_reply_and_draft(live_server):
    # given
    require_chromium()
    _tickets, engineer_email = _world()
    camera = Camera("en-desk")
    with chromium(live_server.url) as open_page:
        page = open_page("Europe/Berlin")
        sign_in(page, engineer_email, PASSWORD, "en")
        page.goto("/console/?view=all")
        rows = page.locator("[data-queue-table] tr[data-ticket]")
        expect(rows).to_have_count(3)
        queue_order = [rows.nth(i).get_attribute("data-ticket") for i in range(3)]

        # "?" shows the help, and hides it again
        help_box = page.locator("#shortcut-help")
        expect(help_box).to_be_hidden()
        page.keyboard.press("?")
        expect(help_box).to_be_visible()
        camera.shoot(page, "queue-help")
        page.keyboard.press("?")
        expect(help_box).to_be_hidden()

        # j/k move the selection, x ticks the selected row
        page.keyboard.press("j")
        expect(page.locator("tr.is-selected")).to_have_attribute("data-ticket", queue_order[0])
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.keyboard.press("j")  # stays on the last row
        expect(page.locator("tr.is-selected")).to_have_attribute("data-ticket", queue_order[2])
        page.keyboard.press("k")
        expect(page.locator("tr.is-selected")).to_have_attribute("data-ticket", queue_order[1])
        page.keyboard.press("x")
        expect(page.locator(f"#pick-{queue_order[1]}")).to_be_checked()
        camera.shoot(page, "queue-selected")

        # typing in a field is typing, not shortcuts
        search = page.locator("#queue-search")
        search.click()
        page.keyboard.type("jk?")
        expect(search).to_have_value("jk?")
        expect(help_box).to_be_hidden()
        assert _selected(page) == queue_order[1]

        # Enter opens the selected request
        search.blur()
        page.keyboard.press("k")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"/console/requests/{queue_order[0]}/$"))

        # r goes to the reply (and types nothing there)
        reply = page.locator("#reply_body")
        page.keyboard.press("r")
        expect(reply).to_be_focused()
        expect(reply).to_have_value("")

        # the picker inserts the canned reply, filled in (into an empty, required field too)
        page.locator("#canned-pick").select_option(label="Greeting")
        page.locator("form[hx-post$='/canned/'] button[type=submit]").click()
        expect(page.locator("#reply_body")).to_have_value(
            re.compile(r"^Hello Kim Keys, about REQ-\d{6}\.$")
        )

        # typing is saved as a draft a second later and is back after a reload (typed once htmx
        # has wired the swapped-in field: keys pressed before that send nothing, on a busy CI)
        page.wait_for_function(
            "() => document.querySelector('#reply_body')?.['htmx-internal-data']?.initHash"
        )
        page.locator("#reply_body").press("End")
        page.locator("#reply_body").type(" Draft text")
        expect(page.locator("[data-draft=saved]")).to_be_attached()
        camera.shoot(page, "request-draft")
        page.reload()
        expect(page.locator("#reply_body")).to_have_value(
            re.compile(r"^Hello Kim Keys, about REQ-\d{6}\. Draft text$")
        )

"""A visitor sees support and call hours in their browser's time zone: static/js/desk.js (no
inline script under the Content-Security-Policy) fetches them and keeps the zone in a cookie, so
the next page comes rendered in it from the server."""

from __future__ import annotations

import pytest

from tests.browser.test_customer_story import chromium, require_chromium
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture
from tests.reliability.test_headers import VIOLATIONS_PROBE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]


def test_a_visitor_in_new_york_sees_new_york_hours(live_server, tmp_path):
    from playwright.sync_api import expect

    require_chromium()
    with chromium(live_server.url) as open_page:
        page = open_page("America/New_York")
        page.add_init_script(VIOLATIONS_PROBE)

        # when a visitor opens the contact page (rendered in Moscow time)
        page.goto("/contact/")

        # then the script puts in the hours as seen from New York
        local = page.locator("[data-local-hours]")
        expect(local).to_contain_text("In your time zone (New York)")
        expect(local).to_contain_text("Sunday–Thursday")
        expect(local).to_have_attribute("data-zone", "America/New_York")
        page.screenshot(path=str(tmp_path / "contact.png"), full_page=True)
        violations = page.evaluate("window.__cspViolations")

        # and the next page is rendered in New York time by the server itself
        page.goto("/calls/")
        server_zone = page.locator("[data-local-hours]").get_attribute("data-zone")
        expect(page.locator("[data-local-hours]")).to_contain_text("01:00–09:00")

    assert violations == []
    assert server_zone == "America/New_York"

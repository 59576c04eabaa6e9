"""Beside each raw time and amount the API offers a `*_display` string, formatted by the same
layer as pages and mails, in the caller's language and time zone (issue 12 point 3)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone, translation

from desk.api.routers.calls import call_out
from desk.calls.models import Call, CallStatus
from desk.core import formatting
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets.tests.builders import open_request

# A week ahead at 19:00 UTC: the same evening in Berlin, already the next day in Yekaterinburg.
WHEN = (datetime.now(UTC) + timedelta(days=7)).replace(hour=19, minute=0, second=0, microsecond=0)


def test_ticket_display_fields_in_russian_and_the_callers_zone(as_bob, bob, clock):
    # given Bob (Russian, Asia/Yekaterinburg, UTC+5) opening a request at 19:00 UTC
    store = store_services.add_store(customer=bob, url="bob-display.example")
    paid_order(bob, "subscription-1m", store=store)
    clock.current = WHEN
    ticket = open_request(bob, store, language="ru")
    # when he reads it through the API
    status, body = as_bob.get_json(f"/api/tickets/{ticket.pk}")
    # then the raw value stays ISO UTC and the display string is his: 00:00 the next day
    assert status == 200
    next_day = (WHEN + timedelta(days=1)).date()
    expected = f"{formatting.format_day(next_day, language='ru')}, 00:00"
    assert body["created_at_display"] == expected
    assert datetime.fromisoformat(body["created_at"]) == WHEN
    assert ticket.reply_due_at is not None
    assert body["reply_due_at_display"] == formatting.format_moment(
        ticket.reply_due_at, language="ru", zone="Asia/Yekaterinburg"
    )
    for name in ("guaranteed_reply_at", "expected_reply_at"):
        raw = body[name]
        shown = body[f"{name}_display"]
        assert (raw is None) is (shown is None)
        if raw is not None:
            assert shown == formatting.format_moment(
                datetime.fromisoformat(raw), language="ru", zone="Asia/Yekaterinburg"
            )
    # and the list carries them too
    status, rows = as_bob.get_json("/api/tickets")
    assert rows["items"][0]["created_at_display"] == expected


def test_order_display_fields_in_english_and_russian(as_alice, as_bob, alice, bob, clock):
    clock.current = WHEN
    alice_order = paid_order(alice, "incident-normal")
    bob_order = paid_order(bob, "incident-normal")
    status, body = as_alice.get_json(f"/api/orders/{alice_order.pk}")
    assert status == 200
    assert body["amount"] == "99.00"
    assert body["amount_display"] == "USD\u00a099.00"
    for name in ("created_at", "paid_at"):  # Alice: English, Europe/Berlin
        raw = datetime.fromisoformat(body[name])
        shown = formatting.format_moment(raw, language="en", zone="Europe/Berlin")
        assert body[f"{name}_display"] == shown
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\u202f[AP]M", shown)
    status, body = as_bob.get_json(f"/api/orders/{bob_order.pk}")
    assert body["amount_display"] == "99,00\u00a0USD"
    status, rows = as_bob.get_json("/api/orders")
    assert rows["items"][0]["amount_display"] == "99,00\u00a0USD"


def test_call_start_is_displayed_in_the_active_language_and_zone():
    start = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    call = Call(status=CallStatus.CONFIRMED, starts_at=start, ends_at=start, windows=[])
    with translation.override("ru"), timezone.override("Europe/Moscow"):
        assert call_out(call)["starts_at_display"] == "7 дек. 2026, 09:00"
    with translation.override("en"), timezone.override("America/New_York"):
        assert call_out(call)["starts_at_display"] == "Dec 7, 2026, 1:00\u202fAM"
    requested = Call(status=CallStatus.REQUESTED, starts_at=start, windows=[])
    assert call_out(requested)["starts_at_display"] is None


def test_the_openapi_schema_documents_the_display_fields(client):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name, fields in {
        "TicketOut": ["created_at_display", "reply_due_at_display"],
        "TicketDetailOut": ["guaranteed_reply_at_display", "expected_reply_at_display"],
        "OrderOut": ["amount_display", "created_at_display", "paid_at_display"],
        "CallOut": ["starts_at_display"],
    }.items():
        for field in fields:
            assert "description" in schema[name]["properties"][field], (name, field)

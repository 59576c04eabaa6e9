"""The call terms page and the pricing table's call rows state the rules the booking enforces:
which plans include calls, the cap, the lengths, the call hours from the calendar (EN and RU)."""

from __future__ import annotations

from django.urls import reverse

from desk.calls import rules


def test_the_cap_on_the_pages_is_the_cap_the_booking_enforces(client, db, monkeypatch):
    # given the rules say 90 minutes
    monkeypatch.setattr(rules, "CAP_MINUTES", 90)

    # when
    terms = client.get(reverse("portal:call_terms")).content.decode()
    pricing = client.get(reverse("portal:pricing"))

    # then
    assert "Calls are limited to 90 minutes per incident" in terms
    rows = {str(f.label): list(f.values) for f in pricing.context["comparison"]}
    assert rows["Live calls per incident"] == ["90 minutes", "90 minutes", "90 minutes", False]
    assert "up to 90 minutes per incident" in pricing.content.decode()


def test_the_terms_state_lengths_cut_off_and_reminder(client, db):
    content = client.get(reverse("portal:call_terms")).content.decode()
    assert "A call lasts 15, 30, 45, 60 minutes" in content
    assert "until 2 hours before it" in content
    assert "reminder 15 minutes before" in content


def test_pricing_shows_call_hours_from_the_calendar_in_russian(client, db):
    client.cookies["desk_language"] = "ru"
    response = client.get(reverse("portal:pricing"))
    content = response.content.decode()
    assert "<dt>Понедельник–Пятница</dt><dd>09:00–17:00</dd>" in content
    assert "Звонок по срочным запросам, до 1 час на инцидент" in content

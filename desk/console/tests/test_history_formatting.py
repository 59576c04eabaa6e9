"""The console request history shows every moment through the formatting layer, in the viewing
engineer's language and time zone (never Django's numeric short format)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.tickets.events import record_event
from desk.tickets.models import EventKind

DUE = "2026-12-04T17:00:00+00:00"
EARLIER = "2026-12-04T15:30:00+00:00"
CALL_AT = "2026-12-07T09:00:00+00:00"


@pytest.fixture
def history_ticket(alice_ticket):
    record_event(alice_ticket, EventKind.SLA_WARNING, actor=None, from_value=EARLIER, to_value=DUE)
    record_event(
        alice_ticket,
        EventKind.HOTRUSH,
        actor=None,
        data={"due_before": DUE, "due_after": EARLIER},
    )
    record_event(
        alice_ticket,
        EventKind.CALL,
        actor=None,
        from_value="requested",
        to_value="confirmed",
        data={"starts_at": CALL_AT},
    )
    return alice_ticket


def history_html(client, engineer, ticket) -> str:
    client.force_login(engineer.user)
    response = client.get(reverse("console:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html.split('id="history-title"', 1)[1]


def test_history_in_english_and_the_engineers_zone(client, engineer_en, history_ticket):
    # given an English engineer in Berlin (UTC+1)
    engineer_en.user.time_zone = "Europe/Berlin"
    engineer_en.user.save(update_fields=["time_zone"])
    # when they read the request's history
    html = history_html(client, engineer_en, history_ticket)
    # then every due time and the call reads in CLDR English, Berlin time
    assert "due Dec 4, 2026, 6:00\u202fPM" in html
    assert "due Dec 4, 2026, 4:30\u202fPM" in html
    assert "(Dec 7, 2026, 10:00\u202fAM)" in html
    assert "12/04/2026" not in html
    assert "p.m." not in html


def test_history_in_russian_and_the_engineers_zone(client, engineer_ru, history_ticket):
    # given a Russian engineer in Yekaterinburg (UTC+5)
    engineer_ru.user.time_zone = "Asia/Yekaterinburg"
    engineer_ru.user.save(update_fields=["time_zone"])
    # when they read the request's history
    html = history_html(client, engineer_ru, history_ticket)
    # then the same moments read in Russian, Yekaterinburg time
    assert "4 дек. 2026, 22:00" in html
    assert "4 дек. 2026, 20:30" in html
    assert "(7 дек. 2026, 14:00)" in html
    assert "04.12.2026" not in html

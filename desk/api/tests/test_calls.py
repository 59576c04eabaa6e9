"""Live calls through the API: slots in the customer's zone, asking, confirming; every refusal a
stable code with a translated message and nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desk.calls.models import Call, CallStatus
from desk.calls.tests.conftest import hotrush, monday  # noqa: F401  # fixtures
from desk.tickets.tests.builders import at_moscow


def _ask(client, ticket_id: int, *starts: datetime, **overrides):
    body = {
        "handle_kind": "phone",
        "handle": "+49 30 1234567",
        "duration_minutes": 30,
        "windows": [start.isoformat() for start in starts],
        **overrides,
    }
    return client.post_json(f"/api/tickets/{ticket_id}/calls", body)


def test_slots_come_in_utc_and_in_the_customers_zone(as_alice, hotrush, monday):  # noqa: F811
    status, slots = as_alice.get_json(f"/api/tickets/{hotrush.pk}/calls/slots", duration_minutes=60)
    assert status == 200
    first = slots[0]
    # Monday 09:00 Moscow is 07:00 in Berlin (winter) or 08:00 (summer): the offset says which
    assert datetime.fromisoformat(first["starts_at"]) == at_moscow(monday, 0, 9)
    local = datetime.fromisoformat(first["local_starts_at"])
    assert local == at_moscow(monday, 0, 9)
    assert local.utcoffset() in {timedelta(hours=1), timedelta(hours=2)}


def test_ask_confirm_and_see_it(as_alice, as_engineer, hotrush, monday, engineer_en):  # noqa: F811
    # when
    status, call = _ask(as_alice, hotrush.pk, at_moscow(monday, 0, 10), at_moscow(monday, 0, 11))
    # then
    assert status == 201
    assert (call["status"], call["handle"]) == ("requested", "+49301234567")

    status, confirmed = as_engineer.post_json(
        f"/api/console/calls/{call['id']}/confirm",
        {"starts_at": at_moscow(monday, 0, 11).isoformat()},
    )
    assert status == 200
    assert confirmed["status"] == "confirmed"
    assert confirmed["engineer_name"] == "Erin Engineer"
    assert datetime.fromisoformat(confirmed["starts_at"]) == at_moscow(monday, 0, 11)

    status, listing = as_alice.get_json(f"/api/tickets/{hotrush.pk}/calls")
    assert status == 200
    assert (listing["cap_minutes"], listing["minutes_left"]) == (60, 30)
    assert [c["status"] for c in listing["calls"]] == ["confirmed"]

    status, week = as_engineer.get_json(
        "/api/console/calls", day=monday.astimezone(UTC).date().isoformat(), days=7
    )
    assert status == 200
    assert [c["id"] for c in week] == [call["id"]]


@pytest.mark.parametrize(
    ("overrides", "start", "code"),
    [
        ({"handle_kind": "fax"}, (0, 10), "invalid_call_handle_kind"),
        ({"handle": "030 1234567"}, (0, 10), "invalid_call_handle"),
        ({}, (0, 8), "call_slot_outside_hours"),
        ({}, (-3, 10), "call_slot_in_past"),
        ({"duration_minutes": 120}, (0, 10), "invalid_call_duration"),
    ],
)
def test_bad_input_gets_a_code_and_stores_nothing(
    as_alice,
    hotrush,  # noqa: F811
    monday,  # noqa: F811
    overrides,
    start,
    code,
):
    status, body = _ask(as_alice, hotrush.pk, at_moscow(monday, *start), **overrides)
    assert status == 400
    assert body["code"] == code
    assert body["message"]
    assert not Call.objects.exists()


def test_the_message_is_in_the_customers_language(alice, as_alice, hotrush, monday):  # noqa: F811
    alice.language = "ru"
    alice.save(update_fields=["language"])
    response = as_alice.post(
        f"/api/tickets/{hotrush.pk}/calls",
        {
            "handle_kind": "phone",
            "handle": "12345",
            "duration_minutes": 30,
            "windows": [at_moscow(monday, 0, 10).isoformat()],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_call_handle"
    assert response.json()["message"].startswith("Введите номер телефона")


def test_another_customers_request_is_not_found(as_bob, hotrush, monday):  # noqa: F811
    status, body = _ask(as_bob, hotrush.pk, at_moscow(monday, 0, 10))
    assert (status, body["code"]) == (404, "ticket_not_found")
    status, body = as_bob.get_json(f"/api/tickets/{hotrush.pk}/calls/slots")
    assert (status, body["code"]) == (404, "ticket_not_found")
    assert not Call.objects.exists()


def test_another_customers_call_is_not_found(as_alice, as_bob, hotrush, monday):  # noqa: F811
    _status, call = _ask(as_alice, hotrush.pk, at_moscow(monday, 0, 10))
    status, body = as_bob.post_json(f"/api/calls/{call['id']}/cancel", {})
    assert (status, body["code"]) == (404, "call_not_found")
    assert Call.objects.get(pk=call["id"]).status == CallStatus.REQUESTED


def test_customers_cannot_reach_the_console(as_alice, hotrush, monday):  # noqa: F811
    _status, call = _ask(as_alice, hotrush.pk, at_moscow(monday, 0, 10))
    status, body = as_alice.post_json(
        f"/api/console/calls/{call['id']}/confirm",
        {"starts_at": at_moscow(monday, 0, 10).isoformat()},
    )
    assert (status, body["code"]) == (404, "not_found")
    assert Call.objects.get(pk=call["id"]).status == CallStatus.REQUESTED


@pytest.mark.parametrize(
    "start",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:00-01:00", "9999-12-31T23:30:00+00:00"],
)
def test_extreme_times_are_refused_not_crashed(as_alice, as_engineer, hotrush, monday, start):  # noqa: F811
    response = as_alice.post(
        f"/api/tickets/{hotrush.pk}/calls",
        {
            "handle_kind": "skype",
            "handle": "alice.archer",
            "duration_minutes": 60,
            "windows": [start],
        },
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert response.json()["code"]
    assert not Call.objects.exists()

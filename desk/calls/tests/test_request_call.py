"""The customer asks for a call: only on an open Hotrush request whose entitlement includes
calls, with a valid handle and 1–3 preferred times inside call hours; refusals store nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desk.calls import services
from desk.calls.models import Call, CallStatus
from desk.calls.tests.conftest import ask
from desk.core.errors import DeskError
from desk.sla import services as sla
from desk.sla.models import Calendar
from desk.tickets import services as ticket_services
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.tests.builders import MOSCOW, at_moscow, open_request


def test_a_hotrush_customer_asks_for_a_call(hotrush, monday):
    # when: two preferred times, Monday 10:00 and 14:30 Moscow
    call = ask(hotrush, at_moscow(monday, 0, 14, 30), at_moscow(monday, 0, 10))

    # then: stored as requested, the windows sorted, recorded in the history
    call.refresh_from_db()
    assert call.status == CallStatus.REQUESTED
    assert call.window_starts == [at_moscow(monday, 0, 10), at_moscow(monday, 0, 14, 30)]
    assert call.handle == "alice.archer"
    assert call.engineer is None
    event = TicketEvent.objects.get(ticket=hotrush, kind=EventKind.CALL)
    assert (event.from_value, event.to_value, event.data["call"]) == ("", "requested", call.pk)


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        ("skype", "live:.cid.1234abcd", "live:.cid.1234abcd"),
        ("video", "https://meet.example.com/abc-defg-hij", "https://meet.example.com/abc-defg-hij"),
        ("phone", "+49 (30) 123-456-78", "+493012345678"),
        ("phone", "+74996088900", "+74996088900"),
    ],
)
def test_handles_are_stored_in_their_clean_form(hotrush, monday, kind, given, stored):
    call = ask(hotrush, at_moscow(monday, 0, 10), handle_kind=kind, handle=given)
    assert Call.objects.get(pk=call.pk).handle == stored


@pytest.mark.parametrize(
    ("kind", "given", "code"),
    [
        ("skype", "ab", "invalid_call_handle"),
        ("skype", "1alice", "invalid_call_handle"),
        ("skype", "alice archer", "invalid_call_handle"),
        ("video", "http://meet.example.com/abc", "invalid_call_handle"),
        ("video", "meet.example.com/abc", "invalid_call_handle"),
        ("video", "javascript:alert(1)", "invalid_call_handle"),
        ("phone", "8 499 608 8900", "invalid_call_handle"),
        ("phone", "+0123456789", "invalid_call_handle"),
        ("phone", "+1234", "invalid_call_handle"),
        ("phone", "+1234567890123456", "invalid_call_handle"),
        ("carrier-pigeon", "alice", "invalid_call_handle_kind"),
    ],
)
def test_unknown_handle_formats_are_refused(hotrush, monday, counts, kind, given, code):
    before = counts()
    with pytest.raises(DeskError) as refused:
        ask(hotrush, at_moscow(monday, 0, 10), handle_kind=kind, handle=given)
    assert refused.value.code == code
    assert refused.value.params["field"] in {"handle", "handle_kind"}
    assert counts() == before


def test_phone_error_says_what_is_expected(hotrush, monday):
    with pytest.raises(DeskError) as refused:
        ask(hotrush, at_moscow(monday, 0, 10), handle_kind="phone", handle="0301234")
    assert "+4930123456" in refused.value.message


def _refusal(ticket, *windows, **overrides) -> str:
    with pytest.raises(DeskError) as refused:
        ask(ticket, *windows, **overrides)
    return refused.value.code


def test_slots_outside_call_hours_in_the_past_or_on_a_holiday_are_refused(hotrush, monday, counts):
    # given: next Monday is a holiday of the call-hours calendar
    calendar = Calendar.objects.get(code=sla.CALL_CALENDAR)
    holiday: date = at_moscow(monday, 7, 12).astimezone(MOSCOW).date()
    sla.add_holiday(calendar=calendar, day=holiday, name="Test holiday")
    before = counts()

    # then
    assert _refusal(hotrush, at_moscow(monday, 0, 8)) == "call_slot_outside_hours"
    # runs past 17:00
    assert _refusal(hotrush, at_moscow(monday, 0, 16, 45)) == "call_slot_outside_hours"
    assert _refusal(hotrush, at_moscow(monday, 5, 10)) == "call_slot_outside_hours"  # Saturday
    assert _refusal(hotrush, monday - timedelta(days=3)) == "call_slot_in_past"
    assert _refusal(hotrush, at_moscow(monday, 7, 10)) == "call_slot_on_holiday"
    assert counts() == before


def test_windows_are_one_to_three_distinct_times(hotrush, monday, counts):
    ten = at_moscow(monday, 0, 10)
    before = counts()
    assert _refusal(hotrush) == "invalid_call_windows"
    assert _refusal(hotrush, ten, ten) == "invalid_call_windows"
    four = [at_moscow(monday, 0, hour) for hour in (10, 11, 12, 13)]
    assert _refusal(hotrush, *four) == "invalid_call_windows"
    assert _refusal(hotrush, ten.replace(tzinfo=None)) == "invalid_call_windows"
    assert _refusal(hotrush, ten, minutes=20) == "invalid_call_duration"
    assert _refusal(hotrush, ten, minutes=90) == "invalid_call_duration"
    assert counts() == before


def test_no_call_on_a_common_request(alice, alice_store, alice_subscription, engineer_en, monday):
    ticket = open_request(alice, alice_store)
    assert _refusal(ticket, at_moscow(monday, 0, 10)) == "call_needs_hotrush"
    assert not Call.objects.exists()


def test_no_call_on_a_normal_incident(alice, alice_store, alice_normal_credit, engineer_en, monday):
    # a Normal incident can never be Hotrush, so it never gets a call
    ticket = open_request(alice, alice_store, credit_priority="normal")
    assert _refusal(ticket, at_moscow(monday, 0, 10)) == "call_needs_hotrush"
    assert ticket.plan is not None
    assert not ticket.plan.includes_calls
    assert not Call.objects.exists()


def test_an_urgent_incident_may_have_a_call(
    alice, alice_store, alice_urgent_credit, engineer_en, monday
):
    ticket = open_request(alice, alice_store, credit_priority="urgent", is_hotrush=True)
    assert ask(ticket, at_moscow(monday, 0, 10)).status == CallStatus.REQUESTED


def test_no_call_when_the_plan_does_not_include_calls(hotrush, monday):
    hotrush.plan.includes_calls = False
    hotrush.plan.save(update_fields=["includes_calls"])
    assert _refusal(hotrush, at_moscow(monday, 0, 10)) == "call_not_included"
    assert not Call.objects.exists()


def test_no_call_on_a_closed_request(hotrush, monday, alice, counts):
    ticket_services.change_status(ticket=hotrush, actor=alice, status=Status.CLOSED)
    before = counts()
    assert _refusal(hotrush, at_moscow(monday, 0, 10)) == "call_ticket_closed"
    assert counts() == before


def test_no_call_on_another_customers_request(hotrush, monday, bob, counts):
    before = counts()
    with pytest.raises(DeskError) as refused:
        services.request_call(
            ticket=hotrush,
            customer=bob,
            handle_kind="skype",
            handle="bob.bobrov",
            duration_minutes=30,
            windows=[at_moscow(monday, 0, 10)],
        )
    assert (refused.value.code, refused.value.status) == ("ticket_not_found", 404)
    assert counts() == before


def test_no_slot_without_an_engineer_who_speaks_the_language(
    alice, alice_store, alice_subscription, engineer_en, monday, counts
):
    ticket = open_request(alice, alice_store, is_hotrush=True, language="ru")
    before = counts()
    assert _refusal(ticket, at_moscow(monday, 0, 10)) == "call_slot_unavailable"
    assert counts() == before

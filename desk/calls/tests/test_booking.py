"""Engineers confirm, propose or decline; customers accept, reschedule or cancel; after the call
the minutes are recorded. At most 60 minutes per incident, never two calls of one engineer at
once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.accounts import services as account_services
from desk.calls import selectors, services
from desk.calls.models import Call, CallStatus
from desk.calls.tests.conftest import ask
from desk.core.errors import DeskError
from desk.tickets.models import EventKind, TicketEvent
from desk.tickets.tests.builders import MOSCOW, at_moscow, open_request


def _code(action, **kwargs) -> str:
    with pytest.raises(DeskError) as refused:
        action(**kwargs)
    return refused.value.code


def test_the_engineer_confirms_one_of_the_preferred_times(hotrush, monday, engineer_en):
    # given
    call = ask(hotrush, at_moscow(monday, 0, 10), at_moscow(monday, 0, 11))

    # when
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 11), engineer=engineer_en, actor=engineer_en.user
    )

    # then
    call.refresh_from_db()
    assert call.status == CallStatus.CONFIRMED
    assert (call.starts_at, call.ends_at) == (
        at_moscow(monday, 0, 11),
        at_moscow(monday, 0, 11, 30),
    )
    assert call.engineer == engineer_en
    assert (call.sequence, call.invited) == (0, True)
    assert selectors.minutes_left(hotrush.pk) == 30
    kinds = list(
        TicketEvent.objects.filter(kind=EventKind.CALL).values_list("from_value", "to_value")
    )
    assert kinds == [("", "requested"), ("requested", "confirmed")]


def test_confirming_a_time_the_customer_did_not_offer_is_refused(hotrush, monday, engineer_en):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    code = _code(
        services.confirm_call,
        call=call,
        starts_at=at_moscow(monday, 0, 12),
        engineer=engineer_en,
        actor=engineer_en.user,
    )
    assert code == "call_slot_not_offered"
    assert Call.objects.get(pk=call.pk).status == CallStatus.REQUESTED


def test_a_booking_over_the_minutes_left_is_refused_with_the_minutes_left(
    hotrush, monday, engineer_en
):
    # given: 45 minutes confirmed, another 30 asked
    first = ask(hotrush, at_moscow(monday, 0, 10), minutes=45)
    second = ask(hotrush, at_moscow(monday, 0, 14), minutes=30)
    services.confirm_call(
        call=first, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )

    # when
    with pytest.raises(DeskError) as refused:
        services.confirm_call(
            call=second,
            starts_at=at_moscow(monday, 0, 14),
            engineer=engineer_en,
            actor=engineer_en.user,
        )

    # then
    assert refused.value.code == "call_minutes_exceeded"
    assert refused.value.params["left"] == 15
    assert "15 minutes" in refused.value.message
    assert Call.objects.get(pk=second.pk).status == CallStatus.REQUESTED
    # and asking for more than is left is refused up front
    with pytest.raises(DeskError) as asked:
        ask(hotrush, at_moscow(monday, 1, 10), minutes=30)
    assert (asked.value.code, asked.value.params["left"]) == ("call_minutes_exceeded", 15)


def test_one_engineer_is_never_booked_twice_at_once(
    alice, alice_store, hotrush, monday, engineer_en
):
    # given: two requests asking for the same hour; one English engineer
    other = open_request(alice, alice_store, is_hotrush=True, subject="Second")
    ten = at_moscow(monday, 0, 10)
    first, second = ask(hotrush, ten), ask(other, ten)
    services.confirm_call(call=first, starts_at=ten, engineer=engineer_en, actor=engineer_en.user)

    # then: the engineer is busy then, and the slot is no longer offered
    code = _code(
        services.confirm_call,
        call=second,
        starts_at=ten,
        engineer=engineer_en,
        actor=engineer_en.user,
    )
    assert code == "call_engineer_busy"
    starts = [
        slot.starts_at
        for slot in selectors.free_slots(other, length=timedelta(minutes=30), now=monday)
    ]
    assert ten not in starts
    assert at_moscow(monday, 0, 10, 30) in starts
    assert Call.objects.get(pk=second.pk).status == CallStatus.REQUESTED


def test_propose_then_the_customer_accepts(hotrush, monday, engineer_en, alice):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.propose_call(
        call=call, starts_at=at_moscow(monday, 1, 15), engineer=engineer_en, actor=engineer_en.user
    )
    assert Call.objects.get(pk=call.pk).status == CallStatus.PROPOSED

    services.accept_proposal(call=call, customer=alice)

    call.refresh_from_db()
    assert (call.status, call.starts_at) == (CallStatus.CONFIRMED, at_moscow(monday, 1, 15))


def test_decline_needs_a_reason(hotrush, monday, engineer_en):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    assert _code(services.decline_call, call=call, reason="  ", actor=engineer_en.user) == (
        "call_reason_required"
    )
    services.decline_call(call=call, reason="Please write to us instead.", actor=engineer_en.user)
    call.refresh_from_db()
    assert (call.status, call.reason) == (CallStatus.DECLINED, "Please write to us instead.")
    assert selectors.minutes_left(hotrush.pk) == 60


def test_reschedule_keeps_the_uid_and_the_next_invite_has_a_higher_sequence(
    hotrush, monday, engineer_en, alice
):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    uid = call.uid
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )

    services.reschedule_call(call=call, customer=alice, windows=[at_moscow(monday, 2, 12)])
    call.refresh_from_db()
    assert call.status == CallStatus.REQUESTED
    assert selectors.minutes_left(hotrush.pk) == 60

    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 2, 12), engineer=engineer_en, actor=engineer_en.user
    )
    call.refresh_from_db()
    assert (call.uid, call.sequence, call.status) == (uid, 1, CallStatus.CONFIRMED)


def test_the_customer_cannot_change_a_confirmed_call_after_the_cut_off(
    hotrush, monday, engineer_en, alice, clock
):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    clock.current = at_moscow(monday, 0, 8, 30)  # 90 minutes before; the cut-off is 2 hours

    assert _code(services.cancel_call, call=call, actor=alice) == "call_past_cutoff"
    assert (
        _code(
            services.reschedule_call,
            call=call,
            customer=alice,
            windows=[at_moscow(monday, 1, 10)],
        )
        == "call_past_cutoff"
    )
    assert Call.objects.get(pk=call.pk).status == CallStatus.CONFIRMED
    # the engineer still can, before the start
    services.cancel_call(call=call, actor=engineer_en.user, reason="Engineer ill")
    call.refresh_from_db()
    assert (call.status, call.sequence) == (CallStatus.CANCELLED, 1)


def test_the_customer_cancels_before_the_cut_off(hotrush, monday, engineer_en, alice):
    call = ask(hotrush, at_moscow(monday, 0, 11))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 11), engineer=engineer_en, actor=engineer_en.user
    )
    services.cancel_call(call=call, actor=alice)
    call.refresh_from_db()
    assert (call.status, call.sequence) == (CallStatus.CANCELLED, 1)
    assert selectors.minutes_left(hotrush.pk) == 60


def test_minutes_recorded_truthfully_over_the_cap_block_further_booking(
    hotrush, monday, engineer_en, clock
):
    # given: a 60-minute call that ran 75 minutes
    call = ask(hotrush, at_moscow(monday, 0, 10), minutes=60)
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    assert _code(services.record_call_held, call=call, minutes_used=75, actor=engineer_en.user) == (
        "call_not_started"
    )
    clock.current = at_moscow(monday, 0, 11, 20)

    services.record_call_held(call=call, minutes_used=75, actor=engineer_en.user)

    call.refresh_from_db()
    assert (call.status, call.minutes_used) == (CallStatus.HELD, 75)
    assert selectors.minutes_used(hotrush.pk) == 75
    assert selectors.minutes_left(hotrush.pk) == 0
    with pytest.raises(DeskError) as refused:
        ask(hotrush, at_moscow(monday, 1, 10), minutes=15)
    assert (refused.value.code, refused.value.params["left"]) == ("call_minutes_exceeded", 0)
    assert selectors.free_slots(hotrush, length=timedelta(minutes=15), now=clock.current) == []


@pytest.mark.parametrize("minutes", [0, -5, 601, True])
def test_recorded_minutes_must_be_sensible(hotrush, monday, engineer_en, clock, minutes):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    clock.current = at_moscow(monday, 0, 11)
    assert (
        _code(services.record_call_held, call=call, minutes_used=minutes, actor=engineer_en.user)
        == "invalid_call_minutes"
    )


def test_a_missed_call_is_recorded_and_uses_no_minutes(hotrush, monday, engineer_en, clock):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    clock.current = at_moscow(monday, 0, 10, 20)
    services.record_call_missed(call=call, actor=engineer_en.user)
    call.refresh_from_db()
    assert call.status == CallStatus.MISSED
    assert selectors.minutes_left(hotrush.pk) == 60


def test_free_slots_follow_call_hours_language_and_shifts(
    alice, alice_store, alice_subscription, monday
):
    # given: only a Russian engineer
    account_services.create_engineer(
        email="rita@supportdesk.example",
        password=None,
        full_name="Rita",
        department_codes=["technical-support"],
        speaks_en=False,
        speaks_ru=True,
    )
    english = open_request(alice, alice_store, is_hotrush=True)
    russian = open_request(alice, alice_store, is_hotrush=True, language="ru")

    # then
    assert selectors.free_slots(english, length=timedelta(minutes=30), now=monday) == []
    slots = selectors.free_slots(russian, length=timedelta(minutes=60), now=monday)
    first_day = [s.starts_at for s in slots if s.starts_at < at_moscow(monday, 1, 0)]
    # Monday 09:00, 09:30 … 16:00: a 60-minute call must end by 17:00
    assert first_day == [at_moscow(monday, 0, 9) + timedelta(minutes=30 * k) for k in range(15)]
    assert all(s.starts_at < monday + timedelta(days=14) for s in slots)
    weekend = [s for s in slots if s.starts_at.astimezone(MOSCOW).weekday() >= 5]
    assert weekend == []


def test_a_confirmed_call_is_emitted_as_booked(hotrush, monday, engineer_en, staff_admin):
    # given
    from desk.webhooks import services as webhooks
    from desk.webhooks.models import WebhookEvent

    webhooks.register_endpoint(
        actor=staff_admin, url="https://93.184.215.14/hooks", event_types=["call.booked"]
    )
    call = ask(hotrush, at_moscow(monday, 0, 11))
    # when
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 11), engineer=engineer_en, actor=engineer_en.user
    )
    # then
    event = WebhookEvent.objects.get()
    assert event.type == "call.booked"
    assert event.payload["call"]["id"] == call.pk
    assert event.payload["call"]["request_id"] == hotrush.pk
    assert event.payload["call"]["duration_minutes"] == 30

"""Live calls on Hotrush requests (issue 9): the customer asks, engineers confirm.

Customers reach the calls of their own requests only (anyone else's is the same 404 as a missing
one); the console endpoints answer 404 `not_found` to anyone but engineers and staff. Every write
is one call into `desk.calls.services`. Times are UTC; slots also carry your own local time.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from ninja import Query, Router, Status

from desk.accounts.models import Engineer, User
from desk.api.callers import signed_in_staff, signed_in_user
from desk.api.schemas import error_responses
from desk.api.schemas.calls import (
    BookIn,
    CallIn,
    CallOut,
    CallsOut,
    CancelIn,
    ConsoleCallsFilters,
    DeclineIn,
    HeldIn,
    RescheduleIn,
    SlotOut,
)
from desk.api.schemas.fields import moment_or_none
from desk.calls import errors, rules, selectors, services
from desk.calls.access import access_call, access_own_call
from desk.calls.models import Call, CallStatus
from desk.core import clock
from desk.tickets import errors as ticket_errors
from desk.tickets.access import access_ticket
from desk.tickets.models import Ticket

router = Router(tags=["calls"])
console_router = Router(tags=["console"])


def _own_ticket(customer: User, ticket_id: int) -> Ticket:
    ticket = access_ticket(customer, ticket_id)
    if ticket.customer_id != customer.pk:
        raise ticket_errors.ticket_not_found()
    return ticket


def _zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def call_out(call: Call) -> dict[str, Any]:
    booked = call.status != CallStatus.REQUESTED  # a requested call may keep its last slot
    return {
        "id": call.pk,
        "ticket_id": call.ticket_id,
        "handle_kind": call.handle_kind,
        "handle": call.handle,
        "duration_minutes": call.duration_minutes,
        "windows": call.window_starts,
        "status": call.status,
        "engineer_name": call.engineer.user.full_name if call.engineer and booked else None,
        "starts_at": call.starts_at if booked else None,
        "ends_at": call.ends_at if booked else None,
        "starts_at_display": moment_or_none(call.starts_at if booked else None),
        "minutes_used": call.minutes_used,
        "reason": call.reason,
        "sequence": call.sequence,
    }


def _calls_of(ticket: Ticket) -> dict[str, Any]:
    return {
        "cap_minutes": rules.CAP_MINUTES,
        "minutes_left": selectors.minutes_left(ticket.pk),
        "calls": [call_out(call) for call in selectors.calls_of_ticket(ticket)],
    }


# --- the customer ---------------------------------------------------------------------------


@router.get("/tickets/{ticket_id}/calls", response={200: CallsOut, **error_responses(404)})
def list_calls(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    """The calls of your request and the minutes it has left. Code: `ticket_not_found`."""
    return _calls_of(_own_ticket(signed_in_user(request), ticket_id))


@router.get(
    "/tickets/{ticket_id}/calls/slots",
    response={200: list[SlotOut], **error_responses(400, 403, 404, 409)},
)
def list_slots(request: HttpRequest, ticket_id: int, duration_minutes: int = 30) -> list[Any]:
    """Free slots of the next two weeks for a call of `duration_minutes`: inside call hours, not
    on holidays, with an engineer who speaks the request's language on shift and free, within
    the minutes left (none when the length exceeds them). Codes: `ticket_not_found`,
    `call_ticket_closed`, `call_needs_hotrush`, `call_not_included` (403),
    `invalid_call_duration`."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    services.check_calls_allowed(ticket)
    if duration_minutes not in rules.DURATIONS:
        raise errors.invalid_duration(", ".join(str(d) for d in rules.DURATIONS))
    zone = _zone(customer)
    found = selectors.free_slots(
        ticket, length=timedelta(minutes=duration_minutes), now=clock.now()
    )
    return [
        {
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "local_starts_at": slot.starts_at.astimezone(zone),
        }
        for slot in found
    ]


@router.post(
    "/tickets/{ticket_id}/calls", response={201: CallOut, **error_responses(400, 403, 404, 409)}
)
def request_call(request: HttpRequest, ticket_id: int, payload: CallIn) -> Status[Any]:
    """Ask for a call on your open Hotrush request. Codes: `ticket_not_found` (404),
    `call_ticket_closed` (409), `call_needs_hotrush` (409), `call_not_included` (403),
    `invalid_call_handle_kind`, `invalid_call_handle`, `invalid_call_duration`,
    `invalid_call_windows`, `call_slot_in_past`, `call_slot_on_holiday`,
    `call_slot_outside_hours`, `call_slot_unavailable`, `call_minutes_exceeded` (409)."""
    customer = signed_in_user(request)
    call = services.request_call(
        ticket=_own_ticket(customer, ticket_id),
        customer=customer,
        handle_kind=payload.handle_kind,
        handle=payload.handle,
        duration_minutes=payload.duration_minutes,
        windows=payload.windows,
    )
    return Status(201, call_out(access_own_call(customer, call.pk)))


@router.post("/calls/{call_id}/accept", response={200: CallOut, **error_responses(403, 404, 409)})
def accept_call(request: HttpRequest, call_id: int) -> dict[str, Any]:
    """Take the time an engineer proposed. Codes: `call_not_found`, `call_wrong_status` (409),
    `call_engineer_busy` (409), `call_minutes_exceeded` (409), `call_slot_in_past`."""
    customer = signed_in_user(request)
    call = services.accept_proposal(call=access_own_call(customer, call_id), customer=customer)
    return call_out(call)


@router.post(
    "/calls/{call_id}/reschedule", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def reschedule_call(request: HttpRequest, call_id: int, payload: RescheduleIn) -> dict[str, Any]:
    """New preferred times; a confirmed call only until the cut-off before it. Codes:
    `call_not_found`, `call_wrong_status`, `call_past_cutoff` (409), and the slot codes of
    asking."""
    customer = signed_in_user(request)
    call = services.reschedule_call(
        call=access_own_call(customer, call_id), customer=customer, windows=payload.windows
    )
    return call_out(call)


@router.post(
    "/calls/{call_id}/cancel", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def cancel_call(request: HttpRequest, call_id: int, payload: CancelIn) -> dict[str, Any]:
    """Cancel your call; a confirmed one until the cut-off before it. Codes: `call_not_found`,
    `call_wrong_status`, `call_past_cutoff` (409), `invalid_call_reason`."""
    customer = signed_in_user(request)
    call = services.cancel_call(
        call=access_own_call(customer, call_id), actor=customer, reason=payload.reason
    )
    return call_out(call)


# --- the console ----------------------------------------------------------------------------


@console_router.get("/calls", response={200: list[CallOut], **error_responses(404)})
def console_calls(request: HttpRequest, filters: Query[ConsoleCallsFilters]) -> list[Any]:
    """Booked calls (proposed, confirmed, held, missed) of a day or a week, earliest first;
    `mine` for yours only."""
    user = signed_in_staff(request)
    first = filters.day or clock.now().date()
    start = datetime.combine(first, time(0), tzinfo=UTC)
    engineer = user.engineer if filters.mine and user.is_engineer else None
    found = selectors.calls_between(start, start + timedelta(days=filters.days), engineer=engineer)
    return [call_out(call) for call in found]


@console_router.get("/tickets/{ticket_id}/calls", response={200: CallsOut, **error_responses(404)})
def console_ticket_calls(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    """The calls of a request and the minutes it has left. Code: `ticket_not_found`."""
    return _calls_of(access_ticket(signed_in_staff(request), ticket_id))


def _taker(user: User, engineer_id: int | None) -> Engineer:
    if engineer_id is None:
        if not user.is_engineer:
            raise errors.no_engineer()
        return user.engineer
    engineer = Engineer.objects.filter(pk=engineer_id, is_active=True).first()
    if engineer is None:
        raise errors.no_engineer()
    return engineer


@console_router.post(
    "/calls/{call_id}/confirm", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def confirm_call(request: HttpRequest, call_id: int, payload: BookIn) -> dict[str, Any]:
    """Take the call at one of the customer's preferred starts. Codes: `call_not_found`,
    `call_wrong_status` (409), `call_slot_not_offered`, `call_needs_engineer`,
    `call_engineer_busy` (409), `call_minutes_exceeded` (409), the slot codes."""
    user = signed_in_staff(request)
    call = services.confirm_call(
        call=access_call(user, call_id),
        starts_at=payload.starts_at,
        engineer=_taker(user, payload.engineer_id),
        actor=user,
    )
    return call_out(call)


@console_router.post(
    "/calls/{call_id}/propose", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def propose_call(request: HttpRequest, call_id: int, payload: BookIn) -> dict[str, Any]:
    """Offer another start for the customer to accept. Codes as confirming, without
    `call_slot_not_offered`."""
    user = signed_in_staff(request)
    call = services.propose_call(
        call=access_call(user, call_id),
        starts_at=payload.starts_at,
        engineer=_taker(user, payload.engineer_id),
        actor=user,
    )
    return call_out(call)


@console_router.post(
    "/calls/{call_id}/decline", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def decline_call(request: HttpRequest, call_id: int, payload: DeclineIn) -> dict[str, Any]:
    """Decline a requested or proposed call. Codes: `call_reason_required`,
    `invalid_call_reason`, `call_wrong_status` (409)."""
    user = signed_in_staff(request)
    call = services.decline_call(call=access_call(user, call_id), reason=payload.reason, actor=user)
    return call_out(call)


@console_router.post(
    "/calls/{call_id}/cancel", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def console_cancel_call(request: HttpRequest, call_id: int, payload: CancelIn) -> dict[str, Any]:
    """Cancel an active call before it starts. Codes: `call_wrong_status` (409)."""
    user = signed_in_staff(request)
    call = services.cancel_call(call=access_call(user, call_id), actor=user, reason=payload.reason)
    return call_out(call)


@console_router.post(
    "/calls/{call_id}/held", response={200: CallOut, **error_responses(400, 403, 404, 409)}
)
def record_held(request: HttpRequest, call_id: int, payload: HeldIn) -> dict[str, Any]:
    """Record the minutes a call used (truthfully: more than booked blocks further booking).
    Codes: `invalid_call_minutes`, `call_not_started` (409), `call_wrong_status` (409)."""
    user = signed_in_staff(request)
    call = services.record_call_held(
        call=access_call(user, call_id), minutes_used=payload.minutes_used, actor=user
    )
    return call_out(call)


@console_router.post(
    "/calls/{call_id}/missed", response={200: CallOut, **error_responses(403, 404, 409)}
)
def record_missed(request: HttpRequest, call_id: int) -> dict[str, Any]:
    """Record that nobody answered a confirmed call. Codes: `call_not_started` (409),
    `call_wrong_status` (409)."""
    user = signed_in_staff(request)
    return call_out(services.record_call_missed(call=access_call(user, call_id), actor=user))

"""Every state change of a live call (PRODUCT.md §5, issue 9).

Booking (confirm, propose, accept) runs holding the row locks of the request and of the engineer,
in that order, and re-reads the minutes and the engineer's calls under them: two engineers
confirming at once can neither exceed the request's cap nor double-book one engineer. (SQLite
ignores the row locks, but its IMMEDIATE transactions serialise writers the same way.) Every
change is recorded in the request's history in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction

from desk.accounts.models import Engineer, User
from desk.calls import errors, notifications, rules, selectors, slots, tasks
from desk.calls.handles import clean_handle
from desk.calls.models import ACTIVE_STATUSES, Call, CallStatus
from desk.core import clock
from desk.tickets import errors as ticket_errors
from desk.tickets.events import iso, record_event
from desk.tickets.models import OPEN_STATUSES, EventKind, Ticket
from desk.webhooks.models import EventType
from desk.webhooks.services import emit_event

MAX_REASON = 1000


def check_calls_allowed(ticket: Ticket) -> None:
    """An open Hotrush request whose entitlement includes calls, else the refusal."""
    if ticket.status not in OPEN_STATUSES:
        raise errors.call_ticket_closed()
    if not ticket.is_hotrush:
        raise errors.call_needs_hotrush()
    if ticket.plan is None or not ticket.plan.includes_calls:
        raise errors.call_not_included()


def request_call(
    *,
    ticket: Ticket,
    customer: User,
    handle_kind: str,
    handle: str,
    duration_minutes: int,
    windows: Sequence[datetime],
) -> Call:
    """The customer asks for a call on their request, at one of 1–3 preferred starts.

    Raises `ticket_not_found` (not their request), `call_ticket_closed`, `call_needs_hotrush`,
    `call_not_included`, `invalid_call_handle_kind`, `invalid_call_handle`,
    `invalid_call_duration`, `invalid_call_windows`, `call_slot_in_past`, `call_slot_on_holiday`,
    `call_slot_outside_hours`, `call_slot_unavailable`, `call_minutes_exceeded`.
    """
    if customer.pk != ticket.customer_id:
        raise ticket_errors.ticket_not_found()
    with transaction.atomic():
        ticket = _lock_ticket(ticket.pk)
        check_calls_allowed(ticket)
        cleaned = clean_handle(handle_kind, handle)
        length = _length(duration_minutes)
        starts = _check_windows(ticket, windows, length, exclude_call_id=None)
        _check_minutes(ticket, duration_minutes, exclude_call_id=None)
        now = clock.now()
        call = Call.objects.create(
            ticket=ticket,
            handle_kind=handle_kind,
            handle=cleaned,
            duration_minutes=duration_minutes,
            windows=[iso(start) for start in starts],
            created_by=customer,
            created_at=now,
            updated_at=now,
        )
        _record(call, ticket, customer, before="", data={"windows": call.windows})
    return call


def confirm_call(*, call: Call, starts_at: datetime, engineer: Engineer, actor: User) -> Call:
    """The engineer takes the call at one of the customer's preferred starts.

    Raises `call_wrong_status` (not requested), `call_slot_not_offered`, the request and slot
    refusals of `request_call`, `call_engineer_busy`, `call_minutes_exceeded`.
    """
    with _locked(call) as (call, ticket):
        if call.status != CallStatus.REQUESTED:
            raise errors.wrong_call_status()
        if _utc(starts_at) not in call.window_starts:
            raise errors.slot_not_offered()
        _book(call, ticket, starts_at, engineer)
        return _move(call, ticket, actor, CallStatus.CONFIRMED, invite=True)


def propose_call(*, call: Call, starts_at: datetime, engineer: Engineer, actor: User) -> Call:
    """The engineer offers another start (any free slot) for the customer to accept; it holds the
    slot and its minutes meanwhile. Raises as `confirm_call`, without `call_slot_not_offered`."""
    with _locked(call) as (call, ticket):
        if call.status not in (CallStatus.REQUESTED, CallStatus.PROPOSED):
            raise errors.wrong_call_status()
        _book(call, ticket, starts_at, engineer)
        return _move(call, ticket, actor, CallStatus.PROPOSED)


def accept_proposal(*, call: Call, customer: User) -> Call:
    """The customer takes the proposed slot; the slot, the engineer and the minutes are checked
    again. Raises `call_wrong_status`, the refusals of `confirm_call`."""
    _check_customer(call, customer)
    with _locked(call) as (call, ticket):
        if call.status != CallStatus.PROPOSED or call.engineer is None or call.starts_at is None:
            raise errors.wrong_call_status()
        _book(call, ticket, call.starts_at, call.engineer)
        return _move(call, ticket, customer, CallStatus.CONFIRMED, invite=True)


def decline_call(*, call: Call, reason: str, actor: User) -> Call:
    """The engineer (or staff) declines a requested or proposed call, saying why."""
    reason = _reason(reason, required=True)
    with _locked(call) as (call, ticket):
        if call.status not in (CallStatus.REQUESTED, CallStatus.PROPOSED):
            raise errors.wrong_call_status()
        call.reason = reason
        return _move(call, ticket, actor, CallStatus.DECLINED, fields=["reason"])


def reschedule_call(*, call: Call, customer: User, windows: Sequence[datetime]) -> Call:
    """The customer gives new preferred starts for an active call (before the cut-off when it is
    confirmed): it is requested again, the invite keeps its UID."""
    _check_customer(call, customer)
    with _locked(call) as (call, ticket):
        _check_changeable(call)
        check_calls_allowed(ticket)
        length = _length(call.duration_minutes)
        starts = _check_windows(ticket, windows, length, exclude_call_id=call.pk)
        call.windows = [iso(start) for start in starts]
        # The last slot and engineer stay: the next confirmation updates that invite (same UID,
        # higher SEQUENCE), or a cancellation withdraws it.
        return _move(call, ticket, customer, CallStatus.REQUESTED, fields=["windows"])


def cancel_call(*, call: Call, actor: User, reason: str = "") -> Call:
    """The customer cancels an active call (a confirmed one before the cut-off); engineers and
    staff cancel an active call any time before it starts."""
    reason = _reason(reason, required=False)
    is_customer = actor.pk == call.ticket.customer_id
    if not is_customer and not (actor.is_engineer or actor.is_superuser):
        raise errors.call_not_found()
    with _locked(call) as (call, ticket):
        if is_customer:
            _check_changeable(call)
        elif call.status not in ACTIVE_STATUSES or (
            call.starts_at is not None and clock.now() >= call.starts_at
        ):
            raise errors.wrong_call_status()
        call.reason = reason
        return _move(call, ticket, actor, CallStatus.CANCELLED, fields=["reason"], cancel=True)


def record_call_held(*, call: Call, minutes_used: int, actor: User) -> Call:
    """After the call: the minutes it really used (more than booked is recorded as it was and
    then blocks further booking). A held call's minutes may be corrected."""
    if isinstance(minutes_used, bool) or not 1 <= minutes_used <= rules.MAX_RECORDED_MINUTES:
        raise errors.invalid_minutes(rules.MAX_RECORDED_MINUTES)
    with _locked(call) as (call, ticket):
        _check_after_start(call, CallStatus.CONFIRMED, CallStatus.MISSED, CallStatus.HELD)
        call.minutes_used = minutes_used
        return _move(call, ticket, actor, CallStatus.HELD, fields=["minutes_used"])


def record_call_missed(*, call: Call, actor: User) -> Call:
    """After the start of a confirmed call: nobody answered. It uses no minutes."""
    with _locked(call) as (call, ticket):
        _check_after_start(call, CallStatus.CONFIRMED)
        return _move(call, ticket, actor, CallStatus.MISSED)


# --- steps ------------------------------------------------------------------------------------


def _lock_ticket(ticket_id: int) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("plan").get(pk=ticket_id)


@contextmanager
def _locked(call: Call) -> Iterator[tuple[Call, Ticket]]:
    """The request's row, then the call's, locked for the transaction; fresh copies of both."""
    with transaction.atomic():
        ticket = _lock_ticket(call.ticket_id)
        fresh = (
            Call.objects.select_for_update(of=("self",))
            .select_related("engineer__user")
            .get(pk=call.pk)
        )
        fresh.ticket = ticket
        yield fresh, ticket


def _book(call: Call, ticket: Ticket, starts_at: datetime, engineer: Engineer) -> None:
    """Put the call at `starts_at` with `engineer`. Caller holds the request's row lock; this
    takes the engineer's, then checks slot, engineer and minutes against committed rows."""
    check_calls_allowed(ticket)
    start = _utc(starts_at)
    length = timedelta(minutes=call.duration_minutes)
    _check_slot(start, length)
    Engineer.objects.select_for_update().filter(pk=engineer.pk).values_list("pk").first()
    if engineer.pk not in selectors.free_engineer_ids(
        ticket, start, length, exclude_call_id=call.pk
    ):
        raise errors.engineer_busy()
    _check_minutes(ticket, call.duration_minutes, exclude_call_id=call.pk)
    if call.invited and call.engineer is not None and call.engineer.pk != engineer.pk:
        call._replaced = call.engineer.user  # type: ignore[attr-defined]  # told after the move
    call.engineer, call.starts_at, call.ends_at = engineer, start, start + length
    call.reminded_at = None


def _move(
    call: Call,
    ticket: Ticket,
    actor: User,
    status: CallStatus,
    *,
    fields: Sequence[str] = (),
    invite: bool = False,
    cancel: bool = False,
) -> Call:
    before = call.status
    call.status = status
    changed = ["status", "updated_at", *fields]
    if status in (CallStatus.CONFIRMED, CallStatus.PROPOSED):
        changed += ["engineer", "starts_at", "ends_at", "reminded_at"]
    if invite or (cancel and call.invited):
        # A new version of the invite: the first goes out as SEQUENCE 0, each later one higher.
        if call.invited:
            call.sequence += 1
        call.invited = True
        changed += ["sequence", "invited"]
    call.updated_at = clock.now()
    call.save(update_fields=sorted(set(changed)))
    _record(call, ticket, actor, before=before)
    _tell(call, status)
    return call


def _tell(call: Call, status: CallStatus) -> None:
    """The mail of a move, in its transaction; the reminder after commit."""
    if status == CallStatus.CONFIRMED:
        notifications.notify_confirmed(call, replaced=getattr(call, "_replaced", None))
        tasks.schedule_reminder(call)
        emit_event(
            EventType.CALL_BOOKED,
            {
                "call": {
                    "id": call.pk,
                    "request_id": call.ticket_id,
                    "engineer_id": call.engineer_id,
                    "starts_at": call.starts_at,
                    "ends_at": call.ends_at,
                    "duration_minutes": call.duration_minutes,
                }
            },
        )
    elif status in (CallStatus.PROPOSED, CallStatus.DECLINED):
        notifications.notify_customer(call, status)
    elif status == CallStatus.CANCELLED:
        notifications.notify_cancelled(call)


def send_reminder(*, call_id: int, starts_at: datetime) -> str:
    """The reminder of the call that starts at `starts_at`, once, and only while it is still
    confirmed for that time and has not started (a task run twice or late sends nothing)."""
    with transaction.atomic():
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("ticket__customer", "engineer__user")
            .filter(pk=call_id)
            .first()
        )
        if call is None or call.status != CallStatus.CONFIRMED or call.starts_at != starts_at:
            return "skipped: not confirmed for that time"
        if call.reminded_at is not None:
            return "skipped: already reminded"
        now = clock.now()
        if not call.starts_at - rules.REMINDER_LEAD <= now < call.starts_at:
            return "skipped: not the time"
        notifications.notify_reminder(call)
        call.reminded_at = now
        call.save(update_fields=["reminded_at"])
        return "sent"


def send_due_reminders() -> int:
    """The safety net of the reminder tasks: every confirmed call starting within the reminder
    lead and not yet reminded."""
    now = clock.now()
    due = Call.objects.filter(
        status=CallStatus.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + rules.REMINDER_LEAD,
    ).values_list("pk", "starts_at")
    return sum(
        send_reminder(call_id=pk, starts_at=starts_at) == "sent"
        for pk, starts_at in due
        if starts_at is not None
    )


def _record(
    call: Call, ticket: Ticket, actor: User, *, before: str, data: dict[str, Any] | None = None
) -> None:
    record_event(
        ticket,
        EventKind.CALL,
        actor=actor,
        from_value=before,
        to_value=call.status,
        data={
            "call": call.pk,
            "starts_at": iso(call.starts_at) if call.starts_at else None,
            "engineer": call.engineer_id,
            "minutes_used": call.minutes_used,
            "reason": call.reason,
            **(data or {}),
        },
    )


def _check_customer(call: Call, customer: User) -> None:
    if call.ticket.customer_id != customer.pk:
        raise errors.call_not_found()


def _check_changeable(call: Call) -> None:
    if call.status not in ACTIVE_STATUSES:
        raise errors.wrong_call_status()
    confirmed = call.status == CallStatus.CONFIRMED and call.starts_at is not None
    if confirmed and clock.now() > call.starts_at - rules.CHANGE_CUTOFF:  # type: ignore[operator]
        raise errors.past_cutoff(int(rules.CHANGE_CUTOFF.total_seconds() // 3600))


def _check_after_start(call: Call, *allowed: CallStatus) -> None:
    if call.status not in allowed or call.starts_at is None:
        raise errors.wrong_call_status()
    if clock.now() < call.starts_at:
        raise errors.call_not_started()


def _length(duration_minutes: int) -> timedelta:
    if isinstance(duration_minutes, bool) or duration_minutes not in rules.DURATIONS:
        raise errors.invalid_duration(", ".join(str(d) for d in rules.DURATIONS))
    return timedelta(minutes=duration_minutes)


def _check_windows(
    ticket: Ticket, windows: Sequence[datetime], length: timedelta, *, exclude_call_id: int | None
) -> list[datetime]:
    if any(start.tzinfo is None for start in windows):
        raise errors.invalid_windows(rules.MAX_WINDOWS)
    starts = [_utc(start) for start in windows]
    if not rules.MIN_WINDOWS <= len(starts) <= rules.MAX_WINDOWS or len(set(starts)) < len(starts):
        raise errors.invalid_windows(rules.MAX_WINDOWS)
    for start in starts:
        _check_slot(start, length)
        if not selectors.free_engineer_ids(ticket, start, length, exclude_call_id=exclude_call_id):
            raise errors.slot_unavailable()
    return sorted(starts)


def _check_slot(start: datetime, length: timedelta) -> None:
    hours = selectors.call_hours()
    now = clock.now()
    problem = slots.slot_problem(
        hours.calendar, hours.holidays, start, length, now, rules.SLOT_HORIZON
    )
    if problem == "past":
        raise errors.slot_in_past()
    if problem == "too_far":
        raise errors.slot_too_far(rules.SLOT_HORIZON.days)
    if problem == "holiday":
        raise errors.slot_on_holiday()
    if problem == "outside_hours":
        raise errors.slot_outside_hours()


def _check_minutes(ticket: Ticket, duration_minutes: int, *, exclude_call_id: int | None) -> None:
    left = selectors.minutes_left(ticket.pk, exclude_call_id=exclude_call_id)
    if duration_minutes > left:
        raise errors.minutes_exceeded(left)


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise errors.reason_required()
    if len(reason) > MAX_REASON:
        raise errors.invalid_reason(MAX_REASON)
    return reason


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise errors.invalid_windows(rules.MAX_WINDOWS)
    return moment.astimezone(UTC)

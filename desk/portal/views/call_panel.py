"""The live-call panel of the portal's request page (`portal/tickets/_calls.html`). Apart from
the call actions in `calls.py`, which import the request views: this keeps the import one-way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from desk.calls import rules, selectors, services
from desk.calls.models import ACTIVE_STATUSES
from desk.core import clock
from desk.core.errors import DeskError
from desk.portal.forms.calls import CallRequestForm, CallRescheduleForm, slot_choices
from desk.tickets.models import Ticket


def calls_context(
    ticket: Ticket, *, length: int = 30, form: CallRequestForm | None = None
) -> dict[str, Any]:
    """What the request page shows of calls: the calls, the minutes left, and the form with the
    free slots for `length` minutes when a call may be asked for."""
    calls = list(selectors.calls_of_ticket(ticket))
    try:
        services.check_calls_allowed(ticket)
    except DeskError as refusal:
        allowed, why = False, refusal.message
    else:
        allowed, why = True, ""
    length = length if length in rules.DURATIONS else 30
    slots = (
        selectors.free_slots(ticket, length=timedelta(minutes=length), now=clock.now())
        if allowed
        else []
    )
    for call in calls:
        call.changeable = call.status in ACTIVE_STATUSES  # type: ignore[attr-defined]
    # the two forms offer the same slots: grouped and formatted once (a week of 15-minute
    # starts is some 300 choices)
    choices = slot_choices(slots)
    return {
        "calls": calls,
        "calls_shown": bool(calls) or ticket.is_hotrush,
        "call_allowed": allowed,
        "call_refusal": why,
        "call_minutes_left": selectors.minutes_left(ticket.pk),
        "call_cap": rules.CAP_MINUTES,
        "call_length": length,
        "call_lengths": rules.DURATIONS,
        "call_form": _offering(
            form or CallRequestForm(initial={"duration_minutes": length}), choices
        ),
        "reschedule_form": _offering(CallRescheduleForm(auto_id="reschedule_%s"), choices),
    }


F = TypeVar("F", CallRequestForm, CallRescheduleForm)


def _offering(form: F, choices: list[tuple[str, list[tuple[str, str]]]]) -> F:
    """`form` with `choices` as its preferred times."""
    form.fields["windows"].choices = choices  # type: ignore[attr-defined]
    return form

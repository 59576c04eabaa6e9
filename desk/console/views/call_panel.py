"""The live-call panel of the console's request page (`console/_calls.html`). Apart from the
call actions in `calls.py`, which import the request views: this keeps the import one-way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.calls import rules, selectors
from desk.calls.models import ACTIVE_STATUSES, Call, CallStatus
from desk.core import clock, formatting
from desk.tickets.models import Ticket


def _label(moment: Any) -> str:
    return formatting.format_moment(moment)


class BookForm(forms.Form):
    """A start for the call: one of the customer's (confirm) or any free slot (propose)."""

    starts_at = forms.ChoiceField(label=_("Time"))

    def __init__(self, *args: Any, starts: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["starts_at"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # narrows the type
        field.choices = [(start.isoformat(), _label(start)) for start in starts or []]

    def valid_value(self, value: Any) -> bool:  # the service decides
        return True


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class HeldForm(forms.Form):
    minutes_used = forms.IntegerField(
        label=_("Minutes used"), min_value=1, max_value=rules.MAX_RECORDED_MINUTES
    )


def calls_context(ticket: Ticket) -> dict[str, Any]:
    """The request's calls with the forms each one's state allows. Only a Hotrush request has
    calls (`request_call` refuses the others, and a request never stops being Hotrush): the
    panel is not shown on the others, and their calls are not read."""
    if not ticket.is_hotrush:
        return {"call_rows": []}
    now = clock.now()
    rows = []
    calls = list(selectors.calls_of_ticket(ticket))
    for call in calls:
        rows.append(
            {
                "call": call,
                "confirm_form": _confirm_form(call),
                "propose_form": _propose_form(ticket, call, now),
                "is_active": call.status in ACTIVE_STATUSES,
                "can_record": call.status
                in (CallStatus.CONFIRMED, CallStatus.MISSED, CallStatus.HELD)
                and call.starts_at is not None
                and now >= call.starts_at,
            }
        )
    return {
        "call_rows": rows,
        # From the rows just read rather than a second query (issue 11: the request page)
        "call_minutes_left": max(0, rules.CAP_MINUTES - selectors.counted_minutes(calls)),
        "call_cap": rules.CAP_MINUTES,
        "decline_form": DeclineForm(auto_id="decline_%s"),
        "call_cancel_form": CancelForm(auto_id="call_cancel_%s"),
        "held_form": HeldForm(auto_id="held_%s"),
    }


def _confirm_form(call: Call) -> BookForm | None:
    if call.status != CallStatus.REQUESTED:
        return None
    return BookForm(starts=call.window_starts, auto_id=f"confirm_{call.pk}_%s")


def _propose_form(ticket: Ticket, call: Call, now: Any) -> BookForm | None:
    if call.status not in (CallStatus.REQUESTED, CallStatus.PROPOSED):
        return None
    length = timedelta(minutes=call.duration_minutes)
    slots = selectors.free_slots(ticket, length=length, now=now) if ticket.is_open else []
    return BookForm(starts=[slot.starts_at for slot in slots], auto_id=f"propose_{call.pk}_%s")

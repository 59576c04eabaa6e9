"""Live calls in the console: confirm, propose, decline, cancel, record; the day/week list of
calls and the invite. Each POST calls one `desk.calls` service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer
from desk.calls import invites, services
from desk.calls.access import access_call
from desk.calls.models import Call
from desk.calls.selectors import calls_awaiting_answer, calls_between
from desk.console.views.call_panel import BookForm, CancelForm, DeclineForm, HeldForm
from desk.console.views.tickets import _form_errors, engineer_required
from desk.core import clock
from desk.core.errors import DeskError, NotFound

MAX_DAYS_AWAY = 3660


def _call(engineer: Engineer, call_id: int) -> Call:
    try:
        return access_call(engineer.user, call_id)
    except NotFound as exc:
        raise Http404 from exc


def _act(
    request: HttpRequest,
    engineer: Engineer,
    call_id: int,
    form: forms.Form,
    action: Callable[[Call, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    call = _call(engineer, call_id)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            action(call, form.cleaned_data)
        except DeskError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
    return redirect("console:ticket", ticket_id=call.ticket_id)


def _start(data: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(data["starts_at"])
    except ValueError:
        raise DeskError("invalid_call_start", _("Choose one of the offered times.")) from None


def _chosen_start_form(request: HttpRequest) -> BookForm:
    """The start the engineer picked, as ISO text: `_start` parses it, the service checks it."""
    form = BookForm(request.POST, starts=[])
    form.fields["starts_at"] = forms.CharField()
    return form


@engineer_required
@require_POST
def call_confirm(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.confirm_call(
            call=call, starts_at=_start(data), engineer=engineer, actor=engineer.user
        )

    return _act(
        request,
        engineer,
        call_id,
        _chosen_start_form(request),
        action,
        _("Call confirmed; both sides invited."),
    )


@engineer_required
@require_POST
def call_propose(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.propose_call(
            call=call, starts_at=_start(data), engineer=engineer, actor=engineer.user
        )

    return _act(
        request,
        engineer,
        call_id,
        _chosen_start_form(request),
        action,
        _("Time proposed to the customer."),
    )


@engineer_required
@require_POST
def call_decline(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.decline_call(call=call, reason=data["reason"], actor=engineer.user)

    return _act(request, engineer, call_id, DeclineForm(request.POST), action, _("Call declined."))


@engineer_required
@require_POST
def call_cancel(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.cancel_call(call=call, actor=engineer.user, reason=data["reason"])

    return _act(request, engineer, call_id, CancelForm(request.POST), action, _("Call cancelled."))


@engineer_required
@require_POST
def call_held(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.record_call_held(
            call=call, minutes_used=data["minutes_used"], actor=engineer.user
        )

    return _act(
        request, engineer, call_id, HeldForm(request.POST), action, _("Call minutes recorded.")
    )


@engineer_required
@require_POST
def call_missed(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    def action(call: Call, data: dict[str, Any]) -> object:
        return services.record_call_missed(call=call, actor=engineer.user)

    return _act(
        request, engineer, call_id, forms.Form(request.POST), action, _("Missed call recorded.")
    )


@engineer_required
@require_GET
def call_invite(request: HttpRequest, engineer: Engineer, call_id: int) -> HttpResponse:
    found = invites.current_invite(_call(engineer, call_id))
    if found is None:
        raise Http404
    method, text = found
    response = HttpResponse(text, content_type=f"text/calendar; method={method}")
    response["Content-Disposition"] = f'attachment; filename="call-{call_id}.ics"'
    return response


@engineer_required
@require_GET
def call_list(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """Booked calls of a day or a week in the engineer's zone; `mine` for their own only."""
    days = 1 if request.GET.get("days") == "1" else 7
    today = timezone.localdate(clock.now())
    try:
        first = datetime.strptime(request.GET.get("day", ""), "%Y-%m-%d").date()
    except ValueError:
        first = today
    if not (
        today.replace(year=max(today.year - 5, 1)) <= first <= today.replace(year=today.year + 5)
    ):
        first = today
    start = timezone.make_aware(datetime.combine(first, time(0)))
    mine = request.GET.get("mine") == "1"
    calls = calls_between(start, start + timedelta(days=days), engineer=engineer if mine else None)
    context = {
        "calls": list(calls),
        "awaiting": list(calls_awaiting_answer()[:50]),
        "first": first,
        "days": days,
        "mine": mine,
        "previous": first - timedelta(days=days),
        "next": first + timedelta(days=days),
    }
    return render(request, "console/calls.html", context)

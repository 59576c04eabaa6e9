"""Live calls in the portal: the panel on the request page, asking, accepting a proposal,
rescheduling, cancelling, and the calendar invite. Each POST calls one `desk.calls` service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.calls import invites, services
from desk.calls.access import access_own_call
from desk.calls.models import Call
from desk.core.errors import DeskError, NotFound
from desk.portal.forms.calls import CallRequestForm, CallRescheduleForm
from desk.portal.views.tickets import _customer, _own_ticket, render_detail


def _own_call(request: HttpRequest, call_id: int) -> Call:
    try:
        return access_own_call(request.user, call_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_POST
def call_request(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _own_ticket(request, ticket_id)
    form = CallRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_call(
                ticket=ticket,
                customer=_customer(request),
                handle_kind=form.cleaned_data["handle_kind"],
                handle=form.cleaned_data["handle"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                windows=form.cleaned_data["windows"],
            )
        except DeskError as error:
            field = error.params.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your call request has been sent to the engineers."))
            return redirect("portal:ticket", ticket_id=ticket.pk)
    length = getattr(form, "cleaned_data", {}).get("duration_minutes", 30)
    return render_detail(request, ticket, call_form=form, call_length=length, status=400)


def _call_action(request: HttpRequest, call_id: int, action: Any, success: str) -> HttpResponse:
    call = _own_call(request, call_id)
    try:
        action(call)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("portal:ticket", ticket_id=call.ticket_id)


@login_required
@require_POST
def call_accept(request: HttpRequest, call_id: int) -> HttpResponse:
    return _call_action(
        request,
        call_id,
        lambda call: services.accept_proposal(call=call, customer=_customer(request)),
        _("The call is confirmed. The invitation is on its way by email."),
    )


@login_required
@require_POST
def call_cancel(request: HttpRequest, call_id: int) -> HttpResponse:
    return _call_action(
        request,
        call_id,
        lambda call: services.cancel_call(call=call, actor=_customer(request)),
        _("The call is cancelled."),
    )


@login_required
@require_POST
def call_reschedule(request: HttpRequest, call_id: int) -> HttpResponse:
    form = CallRescheduleForm(request.POST)
    if not form.is_valid():
        call = _own_call(request, call_id)
        messages.error(request, _("Choose one to three new times."))
        return redirect("portal:ticket", ticket_id=call.ticket_id)
    return _call_action(
        request,
        call_id,
        lambda call: services.reschedule_call(
            call=call, customer=_customer(request), windows=form.cleaned_data["windows"]
        ),
        _("New times sent: an engineer will confirm one."),
    )


@login_required
@require_GET
def call_invite(request: HttpRequest, call_id: int) -> HttpResponse:
    return invite_response(_own_call(request, call_id))


def invite_response(call: Call) -> HttpResponse:
    """The call's invite as a download: REQUEST while confirmed, CANCEL once cancelled."""
    found = invites.current_invite(call)
    if found is None:
        raise Http404
    method, text = found
    response = HttpResponse(text, content_type=f"text/calendar; method={method}")
    response["Content-Disposition"] = f'attachment; filename="call-{call.pk}.ics"'
    return response

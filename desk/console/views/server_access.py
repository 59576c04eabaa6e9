"""Revealing a request's server access details to the engineer working it.

POST only (CSRF-checked), answered with a page that no cache keeps. Every reveal is logged by the
service in the transaction that decrypts; a refusal (not the assignee, wiped, none given) is a page
with the reason and the error's status.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from desk.accounts import two_factor
from desk.accounts.models import Engineer
from desk.console.views.tickets import engineer_required
from desk.core.errors import DeskError, NotFound
from desk.tickets import server_access
from desk.tickets.access import access_ticket


@engineer_required
@require_POST
@sensitive_variables("revealed", "context")
def ticket_server_access(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    try:
        ticket = access_ticket(engineer.user, ticket_id)
    except NotFound as exc:
        raise Http404 from exc
    context: dict[str, object] = {"ticket": ticket}
    status = 200
    try:
        revealed = server_access.reveal_server_access(
            ticket=ticket,
            user=engineer.user,
            ip=request.META.get("REMOTE_ADDR"),
            second_factor=two_factor.session_has_second_factor(request.session, engineer.user),
            reason=request.POST.get("reason", ""),
        )
    except DeskError as error:
        context["error"], status = error, error.status
    else:
        context["revealed"] = revealed
        context["protocol_label"] = server_access.Protocol(revealed.details.protocol).label
    response = render(request, "console/server_access.html", context, status=status)
    add_never_cache_headers(response)  # Cache-Control: ... no-store ..., private
    return response

"""The customer gives (or replaces) the server access details of an installation request.

The page never shows the stored details again, only when they were given. Thin: one call into
`desk.tickets.server_access`; a foreign or missing request, or one that is no installation
request, is the same 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from desk.accounts.models import User
from desk.core.errors import DeskError, NotFound
from desk.portal.forms.server_access import ServerAccessForm
from desk.tickets import server_access
from desk.tickets.access import access_ticket
from desk.tickets.models import Ticket
from desk.tickets.scope import Category


def _own_installation_request(user: object, ticket_id: int) -> tuple[User, Ticket]:
    if not isinstance(user, User):  # login_required ran first; this narrows the type
        raise Http404
    try:
        ticket = access_ticket(user, ticket_id)
    except NotFound as exc:
        raise Http404 from exc
    if ticket.customer_id != user.pk or ticket.category != Category.INSTALLATION:
        raise Http404
    return user, ticket


def _render(
    request: HttpRequest, ticket: Ticket, form: ServerAccessForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "ticket": ticket,
        "form": form,
        "provided_at": server_access.provided_at(ticket),
        "can_give": ticket.is_open,
    }
    return render(request, "portal/tickets/server_access.html", context, status=status)


@sensitive_post_parameters("host", "username", "secret", "notes")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ticket_server_access(request: HttpRequest, ticket_id: int) -> HttpResponse:
    customer, ticket = _own_installation_request(request.user, ticket_id)
    if request.method != "POST":
        return _render(request, ticket, ServerAccessForm())
    form = ServerAccessForm(request.POST)
    if not form.is_valid():
        return _render(request, ticket, form, status=400)
    try:
        server_access.attach_server_access(
            ticket=ticket, customer=customer, details=form.details() or {}
        )
    except DeskError as error:
        form.add_error(None, error.message)
        return _render(request, ticket, form, status=error.status)
    messages.success(
        request,
        _(
            "Server access details saved. Only the engineer working your request can see them, "
            "and they are wiped when the request closes."
        ),
    )
    return redirect("portal:ticket", ticket_id=ticket.pk)

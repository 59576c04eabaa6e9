"""Quotes in the console: offer one on a request, withdraw an open one. Each POST calls one
service of `desk.tickets.quotes`, flashes the outcome and goes back to the request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from desk.accounts.models import Engineer
from desk.billing.access import access_quote_for_staff
from desk.console.forms import QuoteForm
from desk.console.views.tickets import engineer_required, ticket_action
from desk.core.errors import DeskError, NotFound
from desk.tickets import quotes as ticket_quotes
from desk.tickets.models import Ticket


@ticket_action(
    QuoteForm, form_key="quote_form", success=gettext_lazy("Quote sent to the customer.")
)
def ticket_quote_offer(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return ticket_quotes.offer_quote(
        ticket=ticket,
        engineer=engineer,
        description=data["description"],
        amount=data["amount"],
        reason=data["reason"],
    )


@engineer_required
@require_POST
def quote_withdraw(request: HttpRequest, engineer: Engineer, quote_id: int) -> HttpResponse:
    try:
        quote = access_quote_for_staff(engineer.user, quote_id)
    except NotFound as exc:
        raise Http404 from exc
    try:
        ticket_quotes.withdraw_quote(quote_id=quote.pk, engineer=engineer)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Quote %(number)s withdrawn.") % {"number": quote.number})
    return redirect("console:ticket", ticket_id=quote.ticket_id)

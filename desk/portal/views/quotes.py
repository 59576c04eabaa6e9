"""The customer's quotes on a request: shown on the request page, accepted (then paid through
the checkout, as a plan is) or declined. Thin: one call into `desk.tickets.quotes` per POST;
a foreign or missing quote is the same 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desk.accounts.models import User
from desk.billing import services as billing_services
from desk.billing.access import access_quote
from desk.billing.models import Quote
from desk.billing.providers import enabled_providers
from desk.billing.quotes import quotes_for_ticket
from desk.core.errors import DeskError, NotFound
from desk.portal.forms.quotes import QuoteAcceptForm
from desk.tickets import quotes as ticket_quotes
from desk.tickets.models import Ticket


def quote_context(ticket: Ticket) -> dict[str, Any]:
    """What `portal/tickets/_quote.html` shows on the request page."""
    return {"quotes": list(quotes_for_ticket(ticket.pk)), "quote_providers": enabled_providers()}


def _own_quote(request: HttpRequest, quote_id: int) -> tuple[User, Quote]:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this narrows the type
        raise Http404
    try:
        return user, access_quote(user, quote_id)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_POST
def quote_accept(request: HttpRequest, quote_id: int) -> HttpResponse:
    customer, quote = _own_quote(request, quote_id)
    form = QuoteAcceptForm(request.POST, providers=enabled_providers())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("provider", [])))
        return redirect("portal:ticket", ticket_id=quote.ticket_id)
    try:
        order = ticket_quotes.accept_quote(
            quote_id=quote.pk, customer=customer, provider=form.cleaned_data["provider"]
        )
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("portal:ticket", ticket_id=quote.ticket_id)
    try:
        start = billing_services.start_checkout(order=order)
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("portal:order", order_id=order.pk)
    return redirect(start.redirect_url)


@login_required
@require_POST
def quote_decline(request: HttpRequest, quote_id: int) -> HttpResponse:
    customer, quote = _own_quote(request, quote_id)
    try:
        ticket_quotes.decline_quote(quote_id=quote.pk, customer=customer)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Quote %(number)s declined.") % {"number": quote.number})
    return redirect("portal:ticket", ticket_id=quote.ticket_id)

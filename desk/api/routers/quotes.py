"""Quotes for out-of-scope work: the customer reads, accepts or declines theirs; engineers offer
and withdraw them from the console. Every write is one call into `desk.tickets.quotes`.
"""

# No `from __future__ import annotations`: ninja resolves the annotations at import time.

from django.http import HttpRequest
from ninja import Router, Status

from desk.api.callers import signed_in_engineer, signed_in_user
from desk.api.schemas import (
    QuoteAcceptedOut,
    QuoteAcceptIn,
    QuoteIn,
    QuoteOut,
    error_responses,
    write_responses,
)
from desk.billing import services as billing_services
from desk.billing.access import access_order, access_quote, access_quote_for_staff
from desk.billing.models import Quote
from desk.billing.quotes import quotes_for_ticket
from desk.tickets import errors
from desk.tickets import quotes as ticket_quotes
from desk.tickets.access import access_ticket

router = Router(tags=["quotes"])
console_router = Router(tags=["console"])


def _quote(quote_id: int) -> Quote:
    """The quote as it is now, with its order joined (as the lists show it)."""
    return Quote.objects.select_related("order").get(pk=quote_id)


# --- the customer ----------------------------------------------------------------------------


@router.get("/tickets/{ticket_id}/quotes", response={200: list[QuoteOut], **error_responses(404)})
def list_quotes(request: HttpRequest, ticket_id: int) -> list[Quote]:
    """The quotes on one of your requests, oldest first. Code: `ticket_not_found`."""
    customer = signed_in_user(request)
    ticket = access_ticket(customer, ticket_id)
    if ticket.customer_id != customer.pk:  # engineers use the console's list
        raise errors.ticket_not_found()
    return list(quotes_for_ticket(ticket.pk))


@router.post(
    "/quotes/{quote_id}/accept",
    response={201: QuoteAcceptedOut, **write_responses(400, 404, 409, 503)},
)
def accept_quote(
    request: HttpRequest, quote_id: int, payload: QuoteAcceptIn
) -> Status[dict[str, object]]:
    """Accept your quote: its order is placed and its checkout started. Offline, the answer
    carries the invoice (payment reference, bank details); with `stripe`, `redirect_url` is the
    card payment page. Accepting again while unpaid gives the same order back.
    Codes: `quote_not_found` (404), `quote_not_open` (409), `unknown_provider`,
    `provider_unavailable` (503)."""
    customer = signed_in_user(request)
    quote = access_quote(customer, quote_id)
    order = ticket_quotes.accept_quote(
        quote_id=quote.pk, customer=customer, provider=payload.provider
    )
    start = billing_services.start_checkout(order=order)
    return Status(
        201, {"redirect_url": start.redirect_url, "order": access_order(customer, order.pk)}
    )


@router.post("/quotes/{quote_id}/decline", response={200: QuoteOut, **write_responses(404, 409)})
def decline_quote(request: HttpRequest, quote_id: int) -> Quote:
    """Turn your quote down. Codes: `quote_not_found` (404), `quote_not_open` (409)."""
    customer = signed_in_user(request)
    quote = access_quote(customer, quote_id)
    ticket_quotes.decline_quote(quote_id=quote.pk, customer=customer)
    return _quote(quote.pk)


# --- the console -----------------------------------------------------------------------------


@console_router.get(
    "/tickets/{ticket_id}/quotes", response={200: list[QuoteOut], **error_responses(404)}
)
def console_quotes(request: HttpRequest, ticket_id: int) -> list[Quote]:
    """The request's quotes, oldest first. Code: `ticket_not_found`."""
    ticket = access_ticket(signed_in_engineer(request).user, ticket_id)
    return list(quotes_for_ticket(ticket.pk))


@console_router.post(
    "/tickets/{ticket_id}/quotes", response={201: QuoteOut, **write_responses(400, 404, 409)}
)
def offer_quote(request: HttpRequest, ticket_id: int, payload: QuoteIn) -> Status[Quote]:
    """Offer the customer a price for out-of-scope work (they are mailed). A request not ruled
    out of scope yet needs `reason`, and is ruled so at once. Codes: `invalid_quote_amount`,
    `invalid_quote_description`, `quote_needs_out_of_scope`, `invalid_reason`,
    `quote_already_open` (409), `ticket_closed` (409)."""
    engineer = signed_in_engineer(request)
    ticket = access_ticket(engineer.user, ticket_id)
    quote = ticket_quotes.offer_quote(
        ticket=ticket,
        engineer=engineer,
        description=payload.description,
        amount=payload.amount,
        reason=payload.reason,
    )
    return Status(201, _quote(quote.pk))


@console_router.post(
    "/quotes/{quote_id}/withdraw", response={200: QuoteOut, **write_responses(404, 409)}
)
def withdraw_quote(request: HttpRequest, quote_id: int) -> Quote:
    """Take an open quote back (an accepted one's unpaid order is cancelled).
    Codes: `quote_not_found` (404), `quote_not_open` (409)."""
    engineer = signed_in_engineer(request)
    quote = access_quote_for_staff(engineer.user, quote_id)
    ticket_quotes.withdraw_quote(quote_id=quote.pk, engineer=engineer)
    return _quote(quote.pk)

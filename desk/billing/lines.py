"""What an order is for, in words: the name of its one line (checkout pages, mails) and the line
of a quote's invoice. A plan's line lives with the invoice in `desk.billing.services`.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from desk.billing.models import Order, Quote

# What a quote's invoice line and Stripe line may carry of the engineer's description.
DETAILS_MAX = 500


def ticket_reference(ticket_id: int) -> str:
    """A request's reference as `desk.tickets.models.Ticket.reference` prints it (billing may not
    import tickets)."""
    return f"REQ-{ticket_id:06d}"


def quote_title(quote: Quote, language: str) -> str:
    with translation.override(language):
        return gettext("Quoted work %(quote)s on request %(request)s") % {
            "quote": quote.number,
            "request": ticket_reference(quote.ticket_id),
        }


def item_name(order: Order, language: str) -> str:
    """The order's line as the customer reads it: the plan's name, or the quote's title."""
    if order.quote is not None:
        return quote_title(order.quote, language)
    if order.plan is None:  # the check constraint makes this impossible
        raise ValueError(f"order {order.pk} has neither a plan nor a quote")
    return order.plan.localized_name(language)


def quote_invoice_line(order: Order, quote: Quote) -> dict[str, Any]:
    """The one line of a quote's invoice, frozen in both languages like a plan's."""
    return {
        "plan_code": None,
        "quote": quote.number,
        "description": quote_title(quote, "en"),
        "description_ru": quote_title(quote, "ru"),
        "details": quote.description[:DETAILS_MAX],
        "kind": "quote",
        "store": None,
        "period_months": None,
        "credits": None,
        "priority": None,
        "quantity": 1,
        "unit_price": str(order.amount),
        "amount": str(order.amount),
    }

"""The quotes panel of the console's request page (`console/_quote.html`). Apart from the quote
actions in `quotes.py`, which import the request views: this keeps the import one-way."""

from __future__ import annotations

from typing import Any

from desk.billing.quotes import quotes_for_ticket
from desk.console.forms import QuoteForm
from desk.tickets.models import Ticket


def quote_context(ticket: Ticket) -> dict[str, Any]:
    """The request's quotes and the form to offer one. Only a request ruled out of scope has
    quotes (`offer_quote` rules it so in the same transaction, and no ruling is undone): the
    others' are not read."""
    quotes = list(quotes_for_ticket(ticket.pk)) if ticket.out_of_scope else []
    return {
        "quotes": quotes,
        "has_open_quote": any(quote.is_open for quote in quotes),
        "quote_form": QuoteForm(auto_id="quote_%s"),
    }

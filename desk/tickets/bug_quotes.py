"""A request linked to a product bug offers no paid work: its open quotes are withdrawn.

Apart from `desk.tickets.quotes` (which imports the services) so that `link_bug` can call it
without an import circle."""

from __future__ import annotations

from desk.accounts.models import User
from desk.billing import quotes as billing_quotes
from desk.billing.models import OPEN_QUOTE_STATUSES, QuoteStatus
from desk.core.errors import DeskError
from desk.tickets.events import record_event
from desk.tickets.models import EventKind, Ticket


def withdraw_open_quotes(ticket: Ticket, *, actor: User) -> int:
    """Withdraw every open quote of `ticket` with its history event; no mail (the caller's
    mail says why). Caller holds the ticket's transaction. Returns how many were withdrawn."""
    withdrawn = 0
    for quote in billing_quotes.quotes_for_ticket(ticket.pk).filter(status__in=OPEN_QUOTE_STATUSES):
        locked = billing_quotes.lock_quote(quote_id=quote.pk)
        try:
            billing_quotes.close_quote(quote=locked, status=QuoteStatus.WITHDRAWN)
        except DeskError:  # paid meanwhile: the customer's paid work stays theirs
            continue
        record_event(
            ticket,
            EventKind.QUOTE_WITHDRAWN,
            actor=actor,
            to_value=str(locked.money),
            data={"quote_id": locked.pk, "quote": locked.number, "amount": str(locked.amount)},
        )
        withdrawn += 1
    return withdrawn

"""A canned reply filled in for one request, in the customer's language and time zone."""

from __future__ import annotations

from desk.accounts.models import Engineer
from desk.core.formatting import format_moment
from desk.replies.models import CannedReply
from desk.replies.placeholders import Rendered, render
from desk.tickets.models import Ticket


def placeholder_values(ticket: Ticket, engineer: Engineer) -> dict[str, str]:
    """Values of the known placeholders; one without a value (no reply due now) is left out and
    so stays visible in the text. Expects the ticket loaded with customer and store."""
    values = {
        "customer_name": ticket.customer.full_name or ticket.customer.display_name,
        "ticket_number": ticket.reference,
        "engineer_name": engineer.user.display_name,
    }
    if ticket.store is not None:  # a request to Sales or Customer Service may name no store
        values["store_url"] = ticket.store.display_url
    if ticket.reply_due_at is not None:
        values["reply_due"] = format_moment(
            ticket.reply_due_at, language=ticket.language, zone=ticket.customer.time_zone
        )
    return values


def fill(reply: CannedReply, ticket: Ticket, engineer: Engineer) -> Rendered:
    return render(reply.body, placeholder_values(ticket, engineer))

"""Mail about linked issues, written in the transaction of the change (desk.outbox sends it)."""

from __future__ import annotations

from desk.outbox.services import enqueue_mail
from desk.tickets.notifications import ticket_context
from desk.trackers.models import BugLinkState


def tell_customer_closed(state: BugLinkState) -> None:
    """The issue behind the request's bug link was closed: one mail, in the customer's
    language (the event key also makes it one per request and link)."""
    ticket = state.ticket
    enqueue_mail(
        event_key=f"bug-closed:{ticket.pk}:{state.pk}:{state.url}",
        recipient=ticket.customer,
        template="bug_closed",
        context={
            **ticket_context(ticket),
            "issue_url": state.url,
            "issue_key": state.issue_key,
            "issue_title": state.title,
        },
        thread_ref=f"req-{ticket.pk}",
    )

"""Reads of bug link states for the front doors."""

from __future__ import annotations

from desk.tickets.models import Ticket
from desk.trackers.models import BugLinkState


def bug_state_of(ticket: Ticket) -> BugLinkState | None:
    """What is known of the issue behind the request's current link (None: nothing yet)."""
    if not ticket.bug_url:
        return None
    return BugLinkState.objects.filter(ticket_id=ticket.pk, url=ticket.bug_url).first()

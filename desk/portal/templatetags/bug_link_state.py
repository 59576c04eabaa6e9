"""`{% bug_link_state ticket %}`: what the issue behind a request's bug link says (open or
closed, its title, when we last looked); engineers (`staff=True`) also see why a look failed."""

from __future__ import annotations

from typing import Any

from django import template

from desk.tickets.models import Ticket
from desk.trackers.errors import label
from desk.trackers.selectors import bug_state_of

register = template.Library()


@register.inclusion_tag("portal/tickets/_bug_state.html")
def bug_link_state(ticket: Ticket, staff: bool = False, card: bool = False) -> dict[str, Any]:
    """`card`: as a notice of its own (the portal), else a line inside the caller's markup."""
    state = bug_state_of(ticket)
    error = label(state.error) if state is not None and state.error and staff else ""
    return {"state": state, "error": error, "card": card}

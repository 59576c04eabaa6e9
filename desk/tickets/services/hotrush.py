"""Hotrush after opening (PRODUCT.md §3, issue 8 point 6): the customer raises an open request to
Hotrush when the entitlement it runs on allows it."""

from __future__ import annotations

from desk.accounts.models import User
from desk.core import clock
from desk.entitlements import errors as entitlement_errors
from desk.tickets import errors
from desk.tickets.clock import reply_clock
from desk.tickets.events import iso, record_event
from desk.tickets.models import OPEN_STATUSES, EventKind, Ticket
from desk.tickets.services._steps import _changing, _check_not_closed, _save


def raise_hotrush(*, ticket: Ticket, customer: User) -> Ticket:
    """Make the customer's open request Hotrush from now: the reply owed is due at the earlier of
    its current due time and the Hotrush guarantee counted from now (a paused clock keeps at most
    that much for when it runs again). Recorded in the history.

    Raises `ticket_not_found` (not the customer's request), `ticket_closed`,
    `hotrush_needs_open_request`, `already_hotrush`, `hotrush_not_allowed` (a Normal incident).
    """
    if customer.pk != ticket.customer_id:
        raise errors.ticket_not_found()
    with _changing(ticket):
        _check_not_closed(ticket)
        if ticket.status not in OPEN_STATUSES:
            raise errors.hotrush_needs_open_request()
        if ticket.is_hotrush:
            raise errors.already_hotrush()
        if ticket.plan is None or not ticket.plan.allows_hotrush:
            raise entitlement_errors.hotrush_not_allowed()
        now = clock.now()
        before = ticket.reply_due_at
        ticket.is_hotrush = True
        fields = ["is_hotrush", *reply_clock.raise_to_hotrush(ticket, now)]
        after = ticket.reply_due_at
        record_event(
            ticket,
            EventKind.HOTRUSH,
            actor=customer,
            from_value="common",
            to_value="hotrush",
            data={
                "due_before": iso(before) if before is not None else None,
                "due_after": iso(after) if after is not None else None,
                "left_seconds": (
                    round(ticket.reply_left.total_seconds())
                    if reply_clock.is_paused(ticket) and ticket.reply_left is not None
                    else None
                ),
            },
        )
        _save(ticket, fields, now)
    return ticket

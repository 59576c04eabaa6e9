"""Assignment and status for many requests at once, one request at a time.

Each row goes through the single-request service (`assign`, `change_status`) in its own
transaction, with the same permission check and reply-clock rules as on the request page:
a row is changed completely or not at all, and one refused row does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desk.accounts.models import Engineer, User
from desk.core.errors import DeskError
from desk.tickets import checks, errors
from desk.tickets.access import access_ticket
from desk.tickets.models import Ticket
from desk.tickets.services.workflow import assign, change_status

BULK_MAX = 100


@dataclass(frozen=True, slots=True)
class RowOutcome:
    ticket_id: int
    reference: str
    error: DeskError | None = None

    @property
    def is_done(self) -> bool:
        return self.error is None


def bulk_assign(
    *, actor: User, ticket_ids: Sequence[int], engineer: Engineer | None
) -> list[RowOutcome]:
    """`assign` on every request (None: unassign). Raises `bulk_selection` for no or too many
    ids; per-row refusals (`ticket_not_found`, `ticket_closed`, ...) are in the outcomes."""
    return _each(actor, ticket_ids, lambda t: assign(ticket=t, actor=actor, engineer=engineer))


def bulk_change_status(*, actor: User, ticket_ids: Sequence[int], status: str) -> list[RowOutcome]:
    """`change_status` on every request. Raises `invalid_status`, `bulk_selection`."""
    checks.check_status(status)
    return _each(actor, ticket_ids, lambda t: change_status(ticket=t, actor=actor, status=status))


def _each(
    actor: User, ticket_ids: Sequence[int], change: Callable[[Ticket], object]
) -> list[RowOutcome]:
    ids = list(dict.fromkeys(ticket_ids))
    if not ids or len(ids) > BULK_MAX:
        raise errors.bulk_selection(BULK_MAX)
    outcomes = []
    for ticket_id in ids:
        reference = f"REQ-{ticket_id:06d}"
        try:
            ticket = access_ticket(actor, ticket_id)
            change(ticket)
        except DeskError as error:
            outcomes.append(RowOutcome(ticket_id, reference, error))
        else:
            outcomes.append(RowOutcome(ticket_id, reference))
    return outcomes

"""Loading requests and their files with a permission check.

Customers reach only their own requests; active engineers and superusers reach every request.
Anything else (anonymous, foreign, missing) is the same 404, so ids reveal nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from desk.accounts.models import Engineer, User
from desk.core.prepared import PreparedQuery
from desk.tickets import errors
from desk.tickets.models import Attachment, MessageKind, Ticket

RELATED = ("customer", "store", "department", "plan", "subscription", "assignee__user")

# Staff's read of one request (every console page of a request): compiled once, not per call.
# One row by its key: no ORDER BY (`first()` would add one, to build and plan for nothing).
_STAFF_READ = PreparedQuery(
    Ticket,
    lambda ticket_id: Ticket.objects.select_related(*RELATED).filter(pk=ticket_id).order_by(),
)


def access_ticket(
    user: User | AnonymousUser, ticket_id: int, *, for_update: bool = False
) -> Ticket:
    """Load a request the user may see. With `for_update` the caller must hold a transaction:
    the ticket row is locked until it ends."""
    if not isinstance(user, User) or not user.is_active:
        raise errors.ticket_not_found()
    if not for_update and _sees_every_ticket(user):
        found = _STAFF_READ.rows(ticket_id)
        if not found:
            raise errors.ticket_not_found()
        return found[0]
    tickets = Ticket.objects.select_related(*RELATED)
    if for_update:
        tickets = tickets.select_for_update(of=("self",))
    if not _sees_every_ticket(user):
        tickets = tickets.filter(customer=user)
    ticket = next(iter(tickets.filter(pk=ticket_id).order_by()[:1]), None)
    if ticket is None:
        raise errors.ticket_not_found()
    return ticket


def access_attachment(user: User | AnonymousUser, attachment_id: int) -> Attachment:
    """Load a file the user may download: as `access_ticket` on its request, and files of
    internal notes for engineers only."""
    if not isinstance(user, User) or not user.is_active:
        raise errors.attachment_not_found()
    attachment = (
        Attachment.objects.select_related("message__ticket").filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise errors.attachment_not_found()
    if _sees_every_ticket(user):
        return attachment
    message = attachment.message
    if message.ticket.customer_id != user.pk or message.kind == MessageKind.NOTE:
        raise errors.attachment_not_found()
    return attachment


def engineer_of(user: User | AnonymousUser) -> Engineer:
    """The user's engineer profile; `engineer_not_found` (404) unless an active engineer."""
    if not isinstance(user, User) or not user.is_active or not user.is_engineer:
        raise errors.engineer_not_found()
    return user.engineer


def _sees_every_ticket(user: User) -> bool:
    return user.is_superuser or user.is_engineer

"""Follow-up links of visitors: people who wrote to Customer Service or Sales without an account
follow their request through a link mailed to them (every mail about the request carries a
fresh one). The token is signed with the site's secret under its own salt and names the request
and its customer; it is valid for DESK_VISITOR_LINK_DAYS after it was issued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from django.conf import settings
from django.core import signing
from django.urls import reverse

from desk.core import clock
from desk.tickets import errors
from desk.tickets.models import Attachment, MessageKind, Ticket

SALT: Final = "desk.tickets.visitor-link"


def link_lifetime() -> timedelta:
    return timedelta(days=settings.DESK_VISITOR_LINK_DAYS)


def make_token(ticket: Ticket) -> str:
    # The issue time is the desk's clock (`desk.core.clock`), which the expiry reads too.
    issued = int(clock.now().timestamp())
    return signing.dumps({"t": ticket.pk, "c": ticket.customer_id, "at": issued}, salt=SALT)


def visitor_url(ticket: Ticket) -> str:
    """The absolute follow-up link, for mail."""
    path = reverse("portal:visitor_request", args=[make_token(ticket)])
    return settings.SITE_URL.rstrip("/") + path


def access_visitor_ticket(token: str, *, for_update: bool = False) -> Ticket:
    """The department request a genuine, unexpired token names, if it still belongs to the
    customer it was issued to. Raises `visitor_link_expired`, `visitor_link_invalid`."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise errors.visitor_link_invalid() from exc
    if not isinstance(payload, dict):
        raise errors.visitor_link_invalid()
    ticket_id, customer_id, issued = payload.get("t"), payload.get("c"), payload.get("at")
    if not (_is_id(ticket_id) and _is_id(customer_id) and _is_id(issued)):
        raise errors.visitor_link_invalid()
    assert isinstance(issued, int)  # noqa: S101 - checked
    if clock.now() - datetime.fromtimestamp(issued, UTC) > link_lifetime():
        raise errors.visitor_link_expired()
    assert isinstance(ticket_id, int)  # noqa: S101 - checked
    assert isinstance(customer_id, int)  # noqa: S101 - checked
    tickets = Ticket.objects.select_related("customer", "department")
    if for_update:
        tickets = tickets.select_for_update()
    ticket = tickets.filter(pk=ticket_id, customer_id=customer_id).first()
    if ticket is None or not ticket.is_department_request:
        raise errors.visitor_link_invalid()
    return ticket


def access_visitor_attachment(token: str, attachment_id: int) -> Attachment:
    """A file of the conversation the token's request shows its visitor (never an internal
    note's). Raises what `access_visitor_ticket` raises, and `attachment_not_found`."""
    ticket = access_visitor_ticket(token)
    attachment = (
        Attachment.objects.filter(pk=attachment_id, message__ticket=ticket)
        .exclude(message__kind=MessageKind.NOTE)
        .first()
    )
    if attachment is None:
        raise errors.attachment_not_found()
    return attachment


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0

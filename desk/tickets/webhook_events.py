"""What a request's outgoing webhook events say: ids and plain facts, never message bodies,
attachments or server access. Called inside the transaction of the change (see
`desk.webhooks.services.emit_event`)."""

from __future__ import annotations

from typing import Any

from desk.tickets.models import Ticket
from desk.webhooks.models import EventType
from desk.webhooks.services import emit_event


def request_data(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "subject": ticket.subject,
        "status": ticket.status,
        "category": ticket.category,
        "language": ticket.language,
        "hotrush": ticket.is_hotrush,
        "customer_id": ticket.customer_id,
        "store_id": ticket.store_id,
        "department_id": ticket.department_id,
        "assignee_id": ticket.assignee_id,
        "created_at": ticket.created_at,
        "reply_due_at": ticket.reply_due_at,
    }


def emit_request_event(event_type: EventType, ticket: Ticket, **facts: Any) -> None:
    emit_event(event_type, {"request": request_data(ticket), **facts})

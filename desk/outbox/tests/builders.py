"""Builders of outbox-test data."""

from __future__ import annotations

from typing import Any

from desk.accounts.models import User
from desk.outbox import services
from desk.outbox.models import OutboxMail


def reply_context(**overrides: Any) -> dict[str, Any]:
    context = {
        "reference": "REQ-000042",
        "subject": "Checkout shows a PHP warning",
        "body": "Please clear the cache & try again.",
        "engineer_name": "Erin Engineer",
        "customer_name": "Alice Archer",
        "ticket_url": "http://127.0.0.1:8000/requests/42/",
    }
    context.update(overrides)
    return context


def enqueue_reply(
    recipient: User | str, *, event_key: str = "ticket-reply:1", **kw: Any
) -> OutboxMail:
    fields: dict[str, Any] = {
        "template": "ticket_reply",
        "context": reply_context(),
        "thread_ref": "req-42",
        "reply_ticket_id": 42,
    }
    fields.update(kw)
    return services.enqueue_mail(event_key=event_key, recipient=recipient, **fields)

"""Every state change of outgoing mail: enqueue (in the caller's transaction), suppress, mark
addresses undeliverable. Delivery itself is in `delivery.py`, run by `tasks.py`."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from desk.accounts.models import Language, User
from desk.core import clock
from desk.outbox import tasks
from desk.outbox.caps import suppression_reason
from desk.outbox.headers import new_message_id, one_line
from desk.outbox.models import AutoSubmitted, MailState, OutboxMail, UndeliverableAddress

_MESSAGE_ID = re.compile(r"<[^<>\s]{1,900}>")


def normalize_address(address: str) -> str:
    """A bare, lower-case, valid address; raises ValueError otherwise (never a header)."""
    cleaned = address.strip().lower()
    try:
        validate_email(cleaned)
    except ValidationError as exc:
        raise ValueError(f"not an email address: {address!r}") from exc
    return cleaned


def enqueue_mail(
    *,
    event_key: str,
    recipient: User | str,
    template: str,
    context: dict[str, Any],
    thread_ref: str = "",
    reply_ticket_id: int | None = None,
    language: str | None = None,
    in_reply_to: str = "",
    auto_submitted: str = AutoSubmitted.GENERATED,
    calendar: str = "",
    new_event: bool = False,
) -> OutboxMail:
    """Write one mail for (event_key, recipient) and deliver it after the caller's commit.

    Call inside the transaction of the change the mail reports. Idempotent: the same event and
    recipient give back the existing row and send nothing more. `calendar`: an iCalendar text
    sent along as `invite.ics` (text/calendar with its METHOD). Mail to an undeliverable
    address or over a rate cap is stored as suppressed, with the reason. `new_event`: the event
    was created in the caller's transaction (a request just opened), so no mail can exist for it
    yet: the row is inserted without looking first (the unique key still guards a repeat).
    """
    email = normalize_address(recipient if isinstance(recipient, str) else recipient.email)
    user = recipient if isinstance(recipient, User) else None
    if language not in Language.values:
        language = user.language if user is not None else Language.EN
    reason = suppression_reason(recipient_email=email, thread_ref=one_line(thread_ref, limit=100))
    found = _MESSAGE_ID.search(in_reply_to)
    defaults = {
        "recipient": user,
        "recipient_name": one_line(user.full_name if user else "", limit=150),
        "language": language,
        "template": template,
        "context": json.loads(json.dumps(context, cls=DjangoJSONEncoder)),
        "calendar": calendar,
        "message_id": new_message_id(),
        "thread_ref": one_line(thread_ref, limit=100),
        "in_reply_to": found.group(0) if found else "",
        "reply_ticket_id": reply_ticket_id if user is not None else None,
        "auto_submitted": auto_submitted,
        "state": MailState.SUPPRESSED if reason else MailState.PENDING,
        "state_reason": reason,
        "created_at": clock.now(),
        "next_attempt_at": clock.now(),
    }
    key = event_key[:200]
    if new_event:
        mail, created = _insert_or_get(event_key=key, recipient_email=email, defaults=defaults)
    else:
        mail, created = OutboxMail.objects.get_or_create(
            event_key=key, recipient_email=email, defaults=defaults
        )
    if created and mail.state == MailState.PENDING:
        mail_id = mail.pk
        transaction.on_commit(lambda: tasks.schedule_delivery(mail_id))
    return mail


def _insert_or_get(
    *, event_key: str, recipient_email: str, defaults: dict[str, Any]
) -> tuple[OutboxMail, bool]:
    """`get_or_create` the other way round, for an event known to be new: insert first (one
    statement in a savepoint) and read the existing row only when the unique key says so. A
    sweep that asks again for the same event keeps `get_or_create`: a refused INSERT costs more
    than a SELECT (and a sequence value)."""
    try:
        with transaction.atomic():
            mail = OutboxMail.objects.create(
                event_key=event_key, recipient_email=recipient_email, **defaults
            )
    except IntegrityError:
        found = OutboxMail.objects.filter(
            event_key=event_key, recipient_email=recipient_email
        ).first()
        if found is None:  # another constraint refused the row: not ours to hide
            raise
        return found, False
    return mail, True


def mark_undeliverable(*, email: str, status_code: str, reason: str) -> UndeliverableAddress:
    """A permanent bounce (5.x.x): stop sending to `email`; pending mail to it is suppressed."""
    address = normalize_address(email)
    row, _ = UndeliverableAddress.objects.update_or_create(
        email=address, defaults={"status_code": status_code[:20], "reason": reason[:500]}
    )
    OutboxMail.objects.filter(recipient_email=address, state=MailState.PENDING).update(
        state=MailState.SUPPRESSED, state_reason="undeliverable"
    )
    return row


def is_undeliverable(email: str) -> bool:
    return UndeliverableAddress.objects.filter(email=email.strip().lower()).exists()

"""Dedupe: one stored message per (mailbox, Message-ID), else per hash of the raw bytes."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from desk.core import clock
from desk.mail.models import InboundMessage
from desk.mail.pipeline import DUPLICATE, Inbound, Outcome

NAME = "dedupe"


def dedupe_key(message_id: str, sha256: str) -> str:
    if not message_id:
        return f"sha256:{sha256}"
    key = f"mid:{message_id}"
    return key if len(key) <= 255 else f"mid-sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def run(mail: Inbound) -> Outcome | None:
    parsed = mail.require_parsed()
    key = dedupe_key(parsed.message_id, mail.sha256)
    existing = InboundMessage.objects.filter(mailbox=mail.mailbox, dedupe_key=key).first()
    if existing is not None:
        mail.record = existing
        return Outcome(DUPLICATE)
    try:
        with transaction.atomic():  # a concurrent delivery of the same message loses here
            mail.record = InboundMessage.objects.create(
                mailbox=mail.mailbox,
                dedupe_key=key,
                message_id=parsed.message_id,
                raw_sha256=mail.sha256,
                raw=mail.raw,
                envelope_recipient=mail.envelope_recipient[:254],
                subject=parsed.subject,
                created_at=clock.now(),
            )
    except IntegrityError:
        mail.record = InboundMessage.objects.get(mailbox=mail.mailbox, dedupe_key=key)
        return Outcome(DUPLICATE)
    return None

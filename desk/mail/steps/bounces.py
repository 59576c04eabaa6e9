"""Delivery reports (RFC 3464) count only for mail we sent: the report must reach the mail's own
return path (`bounce+<id>.<hmac>@…`, VERP) or quote the Message-ID we gave it, that mail must be
younger than DESK_MAIL_BOUNCE_WINDOW_DAYS, and the failed recipient must be that mail's
recipient. Then 5.x.x marks the address undeliverable and 4.x.x (a delay) changes nothing.
Any other report is kept as automatic mail (`unverified_bounce`) and changes nothing: a forged
report cannot silence a customer."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import Message

from django.conf import settings

from desk.core import clock
from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome
from desk.outbox import services as outbox
from desk.outbox.models import OutboxMail
from desk.outbox.return_paths import read_return_path

NAME = "bounces"
_STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")
_MESSAGE_ID = re.compile(r"^\s*message-id\s*:\s*(<[^<>\s]{1,900}>)", re.IGNORECASE | re.MULTILINE)


def run(mail: Inbound) -> Outcome | None:
    message = mail.require_parsed().message
    if message.get_content_type() != "multipart/report":
        return None
    reports = _recipient_reports(message)
    if not reports:
        return None
    sent = _our_mail(mail, message)
    verified = [(a, s) for a, s in reports if sent is not None and a == sent.recipient_email]
    if not verified:
        return Outcome(InboundState.AUTOMATIC, "unverified_bounce")
    permanent = [(address, status) for address, status in verified if status.startswith("5.")]
    for address, status in permanent:
        try:
            outbox.mark_undeliverable(email=address, status_code=status, reason="bounce")
        except ValueError:
            continue
    if permanent:
        return Outcome(InboundState.BOUNCE, f"permanent:{permanent[0][1]}")
    return Outcome(InboundState.BOUNCE, f"transient:{verified[0][1]}")


def _our_mail(mail: Inbound, message: Message) -> OutboxMail | None:
    """The mail of ours the report is about, by its return path, else by its Message-ID."""
    since = clock.now() - timedelta(days=settings.DESK_MAIL_BOUNCE_WINDOW_DAYS)
    recent = OutboxMail.objects.filter(created_at__gte=since)
    parsed = mail.require_parsed()
    addresses = [mail.envelope_recipient, *parsed.recipients]
    for address in addresses:
        mail_id = read_return_path(address) if address else None
        if mail_id is not None:
            return recent.filter(pk=mail_id).first()
    message_id = _original_message_id(message)
    if message_id:
        return recent.filter(message_id=message_id).first()
    return None


def _original_message_id(message: Message) -> str:
    """The Message-ID of the returned message (message/rfc822 or text/rfc822-headers part)."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else payload
            if isinstance(inner, Message):
                found = _MESSAGE_ID.search(f"Message-ID: {inner.get('Message-ID', '')}")
                if found:
                    return found[1]
        elif kind == "text/rfc822-headers":
            content = part.get_payload(decode=True)
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else ""
            found = _MESSAGE_ID.search(text)
            if found:
                return found[1]
    return ""


def _recipient_reports(message: Message) -> list[tuple[str, str]]:
    """(final recipient, status) of every per-recipient block of the delivery-status part."""
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        for block in blocks:
            if not isinstance(block, Message):
                continue
            recipient = str(block.get("Final-Recipient", "")).rpartition(";")[2].strip()
            status = str(block.get("Status", "")).strip().split(" ")[0]
            if recipient and _STATUS.match(status):
                found.append((recipient.strip("<>").lower(), status))
    return found

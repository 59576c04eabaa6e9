"""Delivery reports (RFC 3464): 5.x.x marks the address undeliverable; 4.x.x is only a delay
(the reporting server retries), so it is recorded and nothing else changes."""

from __future__ import annotations

import re
from email.message import Message

from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome
from desk.outbox import services as outbox

NAME = "bounces"
_STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")


def run(mail: Inbound) -> Outcome | None:
    message = mail.require_parsed().message
    if message.get_content_type() != "multipart/report":
        return None
    reports = _recipient_reports(message)
    permanent = [(addr, status) for addr, status in reports if status.startswith("5.")]
    for address, status in permanent:
        try:
            outbox.mark_undeliverable(email=address, status_code=status, reason="bounce")
        except ValueError:
            continue
    if permanent:
        return Outcome(InboundState.BOUNCE, f"permanent:{permanent[0][1]}")
    if reports:
        return Outcome(InboundState.BOUNCE, f"transient:{reports[0][1]}")
    return None


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

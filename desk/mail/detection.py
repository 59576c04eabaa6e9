"""Recognising automatic mail (RFC 3834 and common practice) and our own notifications."""

from __future__ import annotations

from desk.mail.parsing import ParsedMail
from desk.outbox.headers import LOOP_HEADER, is_loop_value_ours

_AUTOMATIC_SENDERS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "bounce")
_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})


def is_own_notification(parsed: ParsedMail) -> bool:
    """Our loop header survives the strip step only when it is signed for this Message-ID."""
    return any(is_loop_value_ours(value, parsed.message_id) for value in parsed.all(LOOP_HEADER))


def automatic_reason(parsed: ParsedMail) -> str:
    """Why the message is automatic ("" when a person wrote it): such mail is never answered."""
    auto_submitted = parsed.first("Auto-Submitted").split(";", 1)[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_submitted"
    if parsed.first("Precedence").strip().lower() in _BULK_PRECEDENCE:
        return "precedence"
    if parsed.all("X-Loop"):
        return "x_loop"
    if parsed.first("X-Autoreply") or parsed.first("X-Autorespond"):
        return "x_autoreply"
    if parsed.first("List-Id") or parsed.first("List-Unsubscribe"):
        return "mailing_list"
    senders = " ".join(parsed.all("From") + parsed.all("Return-Path")).lower()
    if any(name in senders for name in _AUTOMATIC_SENDERS) or parsed.first("Return-Path") == "<>":
        return "automatic_sender"
    return ""

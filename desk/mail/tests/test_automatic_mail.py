"""Automatic mail is stored but never answered; delivery reports mark addresses."""

from __future__ import annotations

import pytest

from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.outbox import services as outbox
from desk.outbox.models import OutboxMail, UndeliverableAddress
from desk.tickets.models import Ticket


@pytest.mark.parametrize(
    ("extra", "sender", "reason"),
    [
        ("Auto-Submitted: auto-replied", "stranger@example.net", "auto_submitted"),
        (
            "Auto-Submitted: auto-generated; owner-email=x@y.z",
            "stranger@example.net",
            "auto_submitted",
        ),
        ("Precedence: bulk", "stranger@example.net", "precedence"),
        ("Precedence: auto_reply", "stranger@example.net", "precedence"),
        ("X-Loop: helpdesk@other.example", "stranger@example.net", "x_loop"),
        ("", "MAILER-DAEMON@mx.example.net", "automatic_sender"),
        ("Return-Path: <>", "stranger@example.net", "automatic_sender"),
    ],
)
def test_automatic_mail_is_stored_and_never_answered(db, extra, sender, reason, counts):
    # when an automatic message reaches Technical Support
    receipt = receive_mail(raw=raw_mail(sender=sender, extra=extra), mailbox="pipe")
    # then it is stored as automatic, and no pointer or request follows
    assert (receipt.state, receipt.reason) == ("automatic", reason)
    assert counts() == {"inbound": 1, "spool": 0, "tickets": 0, "messages": 0, "outbox": 0}


def test_automatic_mail_from_a_customer_opens_nothing(alice, alice_subscription):
    receive_mail(raw=raw_mail(extra="Auto-Submitted: auto-replied"), mailbox="pipe")
    assert Ticket.objects.count() == 0


def _dsn(status: str, action: str, recipient: str = "gone@example.org") -> bytes:
    boundary = "REPORT"
    body = (
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n\r\n"
        f"--{boundary}--"
    )
    return raw_mail(
        sender="Mail Delivery System <MAILER-DAEMON@mx.example.org>",
        subject="Undelivered Mail Returned to Sender",
        content_type=f'multipart/report; report-type=delivery-status; boundary="{boundary}"',
        body=body,
        extra="Auto-Submitted: auto-replied",
    )


def test_permanent_bounce_marks_the_address_undeliverable(db):
    # given a pending mail to an address
    pending = outbox.enqueue_mail(
        event_key="e:1", recipient="gone@example.org", template="helpdesk_pointer", context={}
    )
    # when a 5.1.1 report for it arrives
    receipt = receive_mail(raw=_dsn("5.1.1", "failed"), mailbox="pipe")
    # then the address is undeliverable and the pending mail suppressed
    assert (receipt.state, receipt.reason) == ("bounce", "permanent:5.1.1")
    assert UndeliverableAddress.objects.get().email == "gone@example.org"
    pending.refresh_from_db()
    assert pending.state == "suppressed"
    assert OutboxMail.objects.count() == 1


def test_transient_bounce_changes_nothing(db):
    receipt = receive_mail(raw=_dsn("4.4.1", "delayed"), mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("bounce", "transient:4.4.1")
    assert UndeliverableAddress.objects.count() == 0
    assert OutboxMail.objects.count() == 0

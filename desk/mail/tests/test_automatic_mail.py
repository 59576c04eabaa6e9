"""Automatic mail is stored but never answered (delivery reports: test_bounces.py)."""

from __future__ import annotations

import pytest

from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
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

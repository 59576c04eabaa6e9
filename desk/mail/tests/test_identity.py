"""Sender identity: exactly one unambiguous address, else quarantine."""

from __future__ import annotations

import pytest

from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail


def _with_from(*values: str) -> bytes:
    raw = raw_mail(sender="placeholder@example.com")
    head, body = raw.split(b"\r\n\r\n", 1)
    lines = [line for line in head.split(b"\r\n") if not line.startswith(b"From:")]
    lines[0:0] = [b"From: " + value.encode() for value in values]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    ("from_values", "reason"),
    [
        ((), "no_sender"),
        (("alice@example.com", "bob@example.com"), "several_from_headers"),
        (("alice@example.org)<bob@example.com>",), "ambiguous_sender"),
        (('"alice@example.org)<bob@example.com>"',), "ambiguous_sender"),
        (('"alice@example.com" <bob@example.com>',), "ambiguous_sender"),
        (("alice@example.com, bob@example.com",), "ambiguous_sender"),
        (("undisclosed-recipients:;",), "ambiguous_sender"),
        (("not an address",), "ambiguous_sender"),
    ],
)
def test_ambiguous_senders_are_quarantined(alice, bob, from_values, reason, counts):
    receipt = receive_mail(raw=_with_from(*from_values), mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("quarantined", reason)
    assert counts() == {"inbound": 1, "spool": 0, "tickets": 0, "messages": 0, "outbox": 0}


@pytest.mark.parametrize(
    "value",
    [
        "Alice Archer <alice@example.com>",
        '"Archer, Alice" <ALICE@example.com>',
        "alice@example.com (Alice)",
        "=?utf-8?b?0JDQu9C40YHQsA==?= <alice@example.com>",
    ],
)
def test_plain_senders_are_recognised(alice, value):
    receipt = receive_mail(raw=_with_from(value), mailbox="pipe")
    assert receipt.state == "needs_review"  # Alice has no store: it is her mail all the same
    from desk.mail.models import InboundMessage

    assert InboundMessage.objects.get().sender == "alice@example.com"

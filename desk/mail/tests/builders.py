"""Builders of raw inbound messages for tests."""

from __future__ import annotations

import itertools
from email.utils import getaddresses

_counter = itertools.count(1)
# The authserv-id our "MTA" uses in tests (config/settings/test.py trusts it).
MTA = "mx.supportdesk.example"


def mta_verdict(sender: str, *, dmarc: str = "pass") -> str:
    """The Authentication-Results header our MTA puts on top of a message from `sender`."""
    addresses = [address for _, address in getaddresses([sender]) if "@" in address]
    domain = addresses[0].rpartition("@")[2].lower() if addresses else "invalid"
    return (
        f"Authentication-Results: {MTA}; spf=pass smtp.mailfrom={domain}; "
        f"dmarc={dmarc} header.from={domain}"
    )


def raw_mail(
    *,
    sender: str = "Alice Archer <alice@example.com>",
    to: str = "support@supportdesk.example",
    subject: str = "Checkout is broken",
    body: str = "Hello, the checkout page shows an error.",
    message_id: str | None = None,
    extra: str = "",
    content_type: str = "text/plain; charset=utf-8",
    authenticated: bool = True,
) -> bytes:
    """A simple RFC 5322 message; `message_id=""` leaves the header out. `authenticated` puts
    our MTA's DMARC pass for the From domain on top (as a real MTA would for genuine mail)."""
    mid = f"<seed.{next(_counter)}@mail.example.com>" if message_id is None else message_id
    lines = [mta_verdict(sender)] if authenticated else []
    lines += [f"From: {sender}", f"To: {to}", f"Subject: {subject}"]
    if mid:
        lines.append(f"Message-ID: {mid}")
    lines += ["Date: Mon, 2 Mar 2026 10:00:00 +0000", "MIME-Version: 1.0"]
    lines.append(f"Content-Type: {content_type}")
    head = "\r\n".join(lines) + ("\r\n" + extra.strip("\r\n") if extra else "")
    return (head + "\r\n\r\n" + body.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n").encode(
        "utf-8"
    )


# Mails the fixtures' purchases send (invoice, payment): not the inbound mail under test.
PURCHASE_MAIL = ("order_paid", "invoice_issued")

"""Send one message over SMTP so that "accepted by the server" is never followed by a resend.

smtplib's `sendmail` sends the body and the final "." in one go, so a worker killed between the
server's 250 and our database commit leaves a mail that looks unsent. Here the body goes first,
then `before_commit()` records that the server may accept from now on (its own committed
transaction), and only then the final "." is sent. A claim recovered after that point is not
sent again (`delivery.py` marks it sent, unconfirmed); a claim recovered before it is safe to
resend, because a server discards a DATA transfer whose "." never came.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address


def _envelope(message: EmailMessage) -> tuple[str, list[str], bytes]:
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    return sender, recipients, message.message().as_bytes(linesep="\r\n")


def _transaction(
    client: smtplib.SMTP, message: EmailMessage, before_commit: Callable[[], None]
) -> None:
    sender, recipients, body = _envelope(message)
    client.ehlo_or_helo_if_needed()
    options = [f"size={len(body)}"] if client.does_esmtp and client.has_extn("size") else []
    code, reply = client.mail(sender, options)
    if code != 250:
        client.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if len(refused) == len(recipients):
        client.rset()
        raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
    client.putcmd("data")
    code, reply = client.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    quoted = smtplib._quote_periods(body)  # type: ignore[attr-defined]
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    client.send(quoted)
    before_commit()
    client.send(b".\r\n")
    code, reply = client.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def send_once(message: EmailMessage, *, before_commit: Callable[[], None]) -> None:
    """Send `message`; `before_commit` runs once the body is with the server and before the
    final "." that lets it accept. Other email backends (console, locmem) just send."""
    connection = get_connection()
    if not isinstance(connection, SmtpBackend):  # development and tests: nothing to split
        message.connection = connection
        message.send()
        return
    if not connection.open() and connection.connection is None:
        raise smtplib.SMTPServerDisconnected("could not connect")
    try:
        assert connection.connection is not None  # noqa: S101 - opened above
        _transaction(connection.connection, message, before_commit)
    finally:
        connection.close()

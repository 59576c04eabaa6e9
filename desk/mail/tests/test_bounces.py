"""Delivery reports count only for our own mail (issue 10 point 2): matched by the mail's VERP
return path or by the Message-ID we sent, within the window, for that mail's recipient. A forged
report naming any address changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.outbox import services as outbox
from desk.outbox.delivery import build_message
from desk.outbox.models import OutboxMail, UndeliverableAddress
from desk.outbox.return_paths import read_return_path, return_path

pytestmark = pytest.mark.usefixtures("db")


def _dsn(
    status: str,
    *,
    recipient: str = "gone@example.org",
    to: str = "support@supportdesk.example",
    original_id: str = "",
) -> bytes:
    boundary = "REPORT"
    action = "failed" if status.startswith("5") else "delayed"
    parts = [
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n",
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n\r\n",
    ]
    if original_id:
        parts.append(
            f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: support@supportdesk.example\r\nMessage-ID: {original_id}\r\n\r\n"
        )
    return raw_mail(
        sender="Mail Delivery System <MAILER-DAEMON@mx.example.org>",
        to=to,
        subject="Undelivered Mail Returned to Sender",
        content_type=f'multipart/report; report-type=delivery-status; boundary="{boundary}"',
        body="".join(parts) + f"--{boundary}--",
        extra="Auto-Submitted: auto-replied",
    )


def _sent(address: str = "gone@example.org", key: str = "e:1") -> OutboxMail:
    return outbox.enqueue_mail(
        event_key=key, recipient=address, template="helpdesk_pointer", context={}
    )


def test_outgoing_mail_has_its_own_signed_return_path():
    mail = _sent()
    message = build_message(mail)
    assert message.from_email == return_path(mail.pk)
    assert read_return_path(message.from_email) == mail.pk
    assert message.message()["From"] == "Supportdesk <support@supportdesk.example>"


def test_report_to_the_return_path_marks_the_address_undeliverable():
    # given a mail of ours (pending, so the suppression is visible) and a 5.1.1 report for it
    mail = _sent()
    pending = _sent(key="e:2")
    verp = return_path(mail.pk)
    # when the report reaches the mail's return path
    receipt = receive_mail(raw=_dsn("5.1.1", to=verp), mailbox="pipe", envelope_recipient=verp)
    # then the address is undeliverable and mail still pending to it is suppressed
    assert (receipt.state, receipt.reason) == ("bounce", "permanent:5.1.1")
    assert UndeliverableAddress.objects.get().email == "gone@example.org"
    pending.refresh_from_db()
    assert pending.state == "suppressed"


def test_report_quoting_our_message_id_marks_the_address_undeliverable():
    mail = _sent()
    receipt = receive_mail(raw=_dsn("5.1.1", original_id=mail.message_id), mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("bounce", "permanent:5.1.1")
    assert UndeliverableAddress.objects.filter(email="gone@example.org").exists()


def test_transient_report_for_our_mail_changes_nothing():
    mail = _sent()
    receipt = receive_mail(raw=_dsn("4.4.1", original_id=mail.message_id), mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("bounce", "transient:4.4.1")
    assert UndeliverableAddress.objects.count() == 0


@pytest.mark.parametrize(
    "case",
    ["no_proof", "forged_return_path", "unknown_message_id", "other_recipient", "too_old"],
)
def test_forged_reports_silence_nobody(case, clock):
    # given a customer's address and, for some cases, a real mail of ours to someone else
    mail = _sent(address="someone@example.org")
    to, envelope, original_id, recipient = (
        "support@supportdesk.example",
        "",
        "",
        "alice@example.com",
    )
    if case == "forged_return_path":
        to = envelope = f"bounce+{mail.pk}.{'0' * 24}@supportdesk.example"
    elif case == "unknown_message_id":
        original_id = "<mail.0123456789abcdef@supportdesk.example>"
    elif case == "other_recipient":  # a genuine return path, but the report names Alice
        to = envelope = return_path(mail.pk)
    elif case == "too_old":
        recipient, original_id = "someone@example.org", mail.message_id
        clock.advance(days=15)
    # when a permanent failure report "for" that address arrives
    raw = _dsn("5.1.1", recipient=recipient, to=to, original_id=original_id)
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=envelope)
    # then it is kept as automatic mail and no address is marked
    assert (receipt.state, receipt.reason) == ("automatic", "unverified_bounce")
    assert UndeliverableAddress.objects.count() == 0


def test_password_reset_still_reaches_a_customer_after_a_forged_report(client, alice, deliver_mail):
    receive_mail(raw=_dsn("5.1.1", recipient="alice@example.com"), mailbox="pipe")
    with deliver_mail():
        client.post("/password-reset/", {"email": "alice@example.com"})
    reset = OutboxMail.objects.get(template="password_reset")
    assert (reset.recipient_email, reset.state) == ("alice@example.com", "sent")


def test_window_is_configuration(settings, clock):
    settings.DESK_MAIL_BOUNCE_WINDOW_DAYS = 30
    mail = _sent()
    clock.advance(days=20)
    receipt = receive_mail(raw=_dsn("5.1.1", original_id=mail.message_id), mailbox="pipe")
    assert receipt.state == "bounce"
    assert timedelta(days=20) < timedelta(days=settings.DESK_MAIL_BOUNCE_WINDOW_DAYS)

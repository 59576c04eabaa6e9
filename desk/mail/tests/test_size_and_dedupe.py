"""Size limit (spool + one polite bounce) and dedupe (mailbox + Message-ID, else raw hash)."""

from __future__ import annotations

from desk.mail.models import InboundMessage, UnprocessableMail
from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.outbox.models import OutboxMail
from desk.tickets.models import Ticket


def test_oversize_mail_is_spooled_with_one_bounce(db, settings):
    # given a limit of 2 kB and a bigger message
    settings.DESK_MAIL_INBOUND_MAX_BYTES = 2048
    raw = raw_mail(sender="stranger@example.net", subject="Logs", body="x" * 5000)
    # when it is delivered twice
    first = receive_mail(raw=raw, mailbox="pipe")
    second = receive_mail(raw=raw, mailbox="pipe")
    # then its raw bytes are kept once in the spool, and one polite bounce is queued
    assert [(first.state, first.reason), (second.state, second.reason)] == [
        ("spooled", "oversize")
    ] * 2
    entry = UnprocessableMail.objects.get()
    assert (bytes(entry.raw), entry.size, entry.reason, entry.attempts) == (
        raw,
        len(raw),
        "oversize",
        2,
    )
    bounce = OutboxMail.objects.get()
    assert (bounce.template, bounce.recipient_email, bounce.context["max_size"]) == (
        "inbound_oversize",
        "stranger@example.net",
        "2.0\xa0KB",
    )
    assert InboundMessage.objects.count() == 0


def test_oversize_automatic_mail_gets_no_bounce(db, settings):
    settings.DESK_MAIL_INBOUND_MAX_BYTES = 2048
    raw = raw_mail(
        sender="stranger@example.net", body="x" * 5000, extra="Auto-Submitted: auto-replied"
    )
    assert receive_mail(raw=raw, mailbox="pipe").state == "spooled"
    assert OutboxMail.objects.count() == 0


def test_same_message_id_is_stored_once(alice, alice_subscription):
    raw = raw_mail(message_id="<same@mail.example.com>")
    first = receive_mail(raw=raw, mailbox="pipe")
    # the same Message-ID with other bytes (a resend through another relay) counts as the same
    second = receive_mail(raw=raw + b"trailing", mailbox="pipe")
    assert (first.state, second.state) == ("opened", "duplicate")
    assert first.inbound_id == second.inbound_id
    assert (InboundMessage.objects.count(), Ticket.objects.count()) == (1, 1)


def test_without_message_id_the_raw_hash_dedupes(db):
    raw = raw_mail(sender="stranger@example.net", message_id="")
    states = [receive_mail(raw=raw, mailbox="pipe").state for _ in range(2)]
    assert states == ["pointed", "duplicate"]
    assert InboundMessage.objects.get().dedupe_key.startswith("sha256:")


def test_dedupe_is_per_mailbox(db):
    raw = raw_mail(sender="stranger@example.net", message_id="<m@x.example>")
    receive_mail(raw=raw, mailbox="imap:a")
    receive_mail(raw=raw, mailbox="imap:b")
    assert InboundMessage.objects.count() == 2

"""enqueue_mail: written in the caller's transaction, delivered after commit, once per event."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from desk.outbox.models import MailState, OutboxMail
from desk.outbox.tests.builders import enqueue_reply


def test_mail_is_delivered_after_the_commit(alice, smtp_inbox, django_capture_on_commit_callbacks):
    # given Alice, who reads English
    # when a reply notification is enqueued and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        mail = enqueue_reply(alice)
    # then exactly one mail arrived at the SMTP server, in English, HTML and text
    assert len(smtp_inbox.received) == 1
    delivered = smtp_inbox.received[0]
    assert delivered.rcpt_tos == ["alice@example.com"]
    message = delivered.message
    assert message["Subject"] == "Re: [REQ-000042] Checkout shows a PHP warning"
    assert message["To"] == "Alice Archer <alice@example.com>"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Erin Engineer replied to your request REQ-000042:" in text
    assert "Please clear the cache & try again." in text
    assert "Please clear the cache &amp; try again." in html
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.sent_at is not None) == (MailState.SENT, 1, True)


def test_russian_recipient_gets_russian_mail(bob, smtp_inbox, django_capture_on_commit_callbacks):
    # given Bob, who reads Russian
    # when a reply notification is enqueued for him
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_reply(bob)
    # then the mail is in Russian
    text = smtp_inbox.received[0].message.get_body(("plain",)).get_content()
    assert text.startswith("Здравствуйте, Alice Archer!")
    assert "ответил(а) на ваше обращение REQ-000042" in text


def test_rolled_back_change_sends_nothing(alice, smtp_inbox, django_capture_on_commit_callbacks):
    # given a change that fails after enqueueing its mail
    # when its transaction rolls back
    def failing_change() -> None:
        with transaction.atomic():
            enqueue_reply(alice)
            raise RuntimeError("the ticket change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_change()
    # then no row is left and nothing was sent
    assert OutboxMail.objects.count() == 0
    assert callbacks == []
    assert smtp_inbox.received == []


@pytest.mark.parametrize("new_event", [False, True])
def test_same_event_and_recipient_sends_one_mail(
    alice, smtp_inbox, django_capture_on_commit_callbacks, new_event
):
    # given a reply notification already sent
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_reply(alice, event_key="ticket-reply:7", new_event=new_event)
    # when the same event is enqueued again for the same recipient (a rerun; with `new_event`
    # a caller that wrongly took it for new)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = enqueue_reply(alice, event_key="ticket-reply:7", new_event=new_event)
    # then the existing row is returned and no second mail goes out
    assert again.pk == first.pk
    assert callbacks == []
    assert OutboxMail.objects.count() == 1
    assert len(smtp_inbox.received) == 1


def test_same_event_for_two_recipients_sends_two_mails(
    alice, bob, smtp_inbox, django_capture_on_commit_callbacks
):
    # when one event notifies two people
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_reply(alice, event_key="ticket-reply:8")
        enqueue_reply(bob, event_key="ticket-reply:8")
    # then each gets one mail
    assert sorted(d.rcpt_tos[0] for d in smtp_inbox.received) == [
        "alice@example.com",
        "bob@example.com",
    ]


def test_plain_address_recipient_gets_english_mail_without_reply_token(
    db, smtp_inbox, django_capture_on_commit_callbacks
):
    # when mail goes to an address that has no account
    with django_capture_on_commit_callbacks(execute=True):
        mail = enqueue_reply("Stranger@Example.NET")
    # then it is stored lower-cased, in English, and carries no reply token
    assert (mail.recipient_email, mail.language, mail.reply_ticket_id) == (
        "stranger@example.net",
        "en",
        None,
    )
    message = smtp_inbox.received[0].message
    assert message["Reply-To"] is None
    assert message["To"] == "stranger@example.net"


def test_invalid_address_is_refused(db):
    # when the recipient is not an address
    # then enqueueing is refused and nothing is stored
    with pytest.raises(ValueError, match="not an email address"):
        enqueue_reply("alice@example.com\r\nBcc: eve@evil.example")
    assert OutboxMail.objects.count() == 0


def test_a_new_event_is_inserted_without_looking_first(alice):
    # when
    with CaptureQueriesContext(connection) as queries:
        mail = enqueue_reply(alice, event_key="ticket-reply:8", new_event=True)
    # then: the caps are read, the row is inserted, and it is not looked up before
    assert OutboxMail.objects.get(event_key="ticket-reply:8").pk == mail.pk
    lookups = [q["sql"] for q in queries if q["sql"].startswith('SELECT "outbox_outboxmail"."id"')]
    assert lookups == []
    assert any(q["sql"].startswith('INSERT INTO "outbox_outboxmail"') for q in queries)

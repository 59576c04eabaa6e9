"""Delivery: retried with backoff, at most one mail however often the task reruns."""

from __future__ import annotations

from datetime import timedelta

from desk.outbox import delivery, tasks
from desk.outbox.models import MailState, OutboxMail, UndeliverableAddress
from desk.outbox.tests.builders import enqueue_reply
from desk.outbox.tests.smtp import free_port


def _state(mail: OutboxMail) -> tuple[str, int, str]:
    mail.refresh_from_db()
    return mail.state, mail.attempts, mail.state_reason


def test_unreachable_server_is_retried_with_backoff(alice, settings, clock, smtp_inbox):
    # given a stored mail and an SMTP server that cannot be reached
    mail = enqueue_reply(alice)
    good_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    # when the task runs
    assert tasks.deliver_outbox_mail.call(mail.pk) == MailState.PENDING
    # then the mail waits 60 s for its next attempt
    assert _state(mail) == (MailState.PENDING, 1, "")
    assert mail.next_attempt_at == clock() + timedelta(seconds=60)
    assert "ConnectionRefusedError" in mail.last_error
    # when it fails again a minute later, the wait doubles
    clock.advance(seconds=60)
    assert delivery.deliver(mail.pk) == MailState.PENDING
    mail.refresh_from_db()
    assert mail.next_attempt_at == clock() + timedelta(seconds=120)
    # when the task reruns before it is due, nothing happens
    assert delivery.deliver(mail.pk) == MailState.PENDING
    assert _state(mail) == (MailState.PENDING, 2, "")
    # when the server is back and the sweeper runs after the wait
    settings.EMAIL_PORT = good_port
    clock.advance(seconds=120)
    assert tasks.deliver_due_mail.call() == 1
    # then the mail is sent once
    assert _state(mail) == (MailState.SENT, 3, "")
    assert len(smtp_inbox.received) == 1


def test_rerunning_a_sent_mail_sends_nothing(alice, smtp_inbox):
    # given a sent mail
    mail = enqueue_reply(alice)
    assert delivery.deliver(mail.pk) == MailState.SENT
    # when the task and the sweeper run again
    tasks.deliver_outbox_mail.call(mail.pk)
    tasks.deliver_due_mail.call()
    # then still exactly one mail arrived
    assert len(smtp_inbox.received) == 1
    assert _state(mail) == (MailState.SENT, 1, "")


def test_attempts_are_bounded(alice, settings, clock):
    # given a server that never answers
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    mail = enqueue_reply(alice)
    # when every attempt fails
    for _ in range(settings.DESK_MAIL_MAX_ATTEMPTS):
        delivery.deliver(mail.pk)
        clock.advance(hours=7)
    # then the mail is failed after the last attempt and never tried again
    assert _state(mail) == (MailState.FAILED, settings.DESK_MAIL_MAX_ATTEMPTS, "attempts_exhausted")
    assert delivery.deliver(mail.pk) == MailState.FAILED


def test_permanent_refusal_fails_without_retry(alice, smtp_inbox):
    # given a server that refuses the recipient permanently
    smtp_inbox.refuse_with = "550 5.1.1 No such user"
    mail = enqueue_reply(alice)
    # when the mail is delivered
    assert delivery.deliver(mail.pk) == MailState.FAILED
    # then it is failed for good and nothing arrived
    assert _state(mail) == (MailState.FAILED, 1, "rejected")
    assert smtp_inbox.received == []


def test_stale_claim_of_a_crashed_worker_is_retried(alice, clock, smtp_inbox):
    # given a worker that claimed the mail and died before recording the result
    mail = enqueue_reply(alice)
    assert delivery.claim(mail.pk) is True
    # when the task runs again within the lease, it does not send
    assert delivery.deliver(mail.pk) == MailState.SENDING
    assert smtp_inbox.received == []
    # when the lease has passed, the sweeper sends it
    clock.advance(seconds=601)
    assert tasks.deliver_due_mail.call() == 1
    assert _state(mail) == (MailState.SENT, 2, "")
    assert len(smtp_inbox.received) == 1


def test_mail_to_undeliverable_address_is_suppressed(alice, smtp_inbox):
    # given a mail enqueued before the address bounced permanently
    mail = enqueue_reply(alice)
    UndeliverableAddress.objects.create(email="alice@example.com", status_code="5.1.1")
    # when it is delivered
    assert delivery.deliver(mail.pk) == MailState.SUPPRESSED
    # then nothing is sent
    assert smtp_inbox.received == []
    assert _state(mail) == (MailState.SUPPRESSED, 1, "undeliverable")

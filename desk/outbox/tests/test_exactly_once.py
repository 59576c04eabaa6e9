"""A mail the SMTP server accepted is never sent again (issue 10 point 7): the mark before the
final "." decides, and a dead worker's claim is taken over by the next sweep, long before the
lease, without cron. Killing is simulated here at the two instants that matter; the real SIGKILL
of a worker process is in tests/reliability/test_processes.py."""

from __future__ import annotations

import pytest

from desk.core import workers
from desk.core.models import WorkerHeartbeat
from desk.outbox import delivery, smtp, tasks
from desk.outbox.models import MailState, OutboxMail
from desk.outbox.tests.builders import enqueue_reply


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs."""


def _die_as_worker(monkeypatch, worker_id: str, *, after_final_dot: bool) -> None:
    """Make the next send die like a killed worker `worker_id`, just before or just after the
    final "." reached the server."""
    workers.set_current_worker(worker_id)
    original = smtp._transaction

    def transaction(client, message, before_commit):
        def die_with_the_body_sent() -> None:
            raise Killed  # the body is with the server, the final "." is not

        if after_final_dot:
            original(client, message, before_commit)
            raise Killed  # the server accepted; our "sent" never reached the database
        original(client, message, die_with_the_body_sent)

    monkeypatch.setattr(smtp, "_transaction", transaction)


@pytest.fixture(autouse=True)
def _no_worker_identity():
    yield
    workers.set_current_worker("")


def _beat(worker_id: str, clock) -> None:
    workers.beat(worker_id)


@pytest.mark.parametrize("after_final_dot", [False, True])
def test_killed_worker_claim_is_recovered_by_the_sweep_and_sent_once(
    alice, smtp_inbox, clock, settings, monkeypatch, after_final_dot
):
    # given worker A beating, and dying while it sends a mail
    mail = enqueue_reply(alice)
    _beat("worker-a", clock)
    with monkeypatch.context() as patch:
        _die_as_worker(patch, "worker-a", after_final_dot=after_final_dot)
        with pytest.raises(Killed):
            delivery.deliver(mail.pk)
    workers.set_current_worker("worker-b")
    mail.refresh_from_db()
    assert (mail.state, mail.claimed_by) == (MailState.SENDING, "worker-a")
    # when the sweep runs while A's heartbeat is fresh, nothing is taken over
    assert tasks.deliver_due_mail.call() == 0
    # when A has not beaten for DESK_WORKER_STALE_SECONDS (30 s, far below the 600 s lease)
    clock.advance(seconds=settings.DESK_WORKER_STALE_SECONDS + 1)
    _beat("worker-b", clock)
    assert tasks.deliver_due_mail.call() == 1
    # then the mail ends sent, and the server holds it exactly once
    mail.refresh_from_db()
    assert mail.state == MailState.SENT
    assert len(smtp_inbox.received) == 1
    # (after the final ".", the server may have it: we do not resend, and say so)
    assert mail.state_reason == ("unconfirmed" if after_final_dot else "")


def test_stopped_worker_claims_are_recovered_at_once(alice, smtp_inbox, clock, monkeypatch):
    mail = enqueue_reply(alice)
    _beat("worker-a", clock)
    with monkeypatch.context() as patch:
        _die_as_worker(patch, "worker-a", after_final_dot=False)
        with pytest.raises(Killed):
            delivery.deliver(mail.pk)
    workers.mark_stopped("worker-a")
    assert tasks.deliver_due_mail.call() == 1
    assert len(smtp_inbox.received) == 1


def test_claim_of_a_process_that_is_no_worker_waits_for_the_lease(alice, clock, settings):
    # given a claim by a process without heartbeat (a web process), abandoned
    mail = enqueue_reply(alice)
    OutboxMail.objects.filter(pk=mail.pk).update(state=MailState.SENDING, claimed_at=clock())
    clock.advance(seconds=settings.DESK_WORKER_STALE_SECONDS + 1)
    assert delivery.due_mail_ids() == []
    clock.advance(seconds=settings.DESK_MAIL_CLAIM_LEASE_SECONDS)
    assert delivery.due_mail_ids() == [mail.pk]


def test_refused_after_the_final_dot_is_retried_not_marked_sent(alice, smtp_inbox, clock):
    # given a server that answers the final "." with a temporary refusal
    async def busy(server, session, envelope):
        return "451 Try again later"

    smtp_inbox.handle_DATA = busy  # type: ignore[method-assign]
    mail = enqueue_reply(alice)
    assert delivery.deliver(mail.pk) == MailState.PENDING
    mail.refresh_from_db()
    assert mail.smtp_committing_at is None
    assert WorkerHeartbeat.objects.count() == 0

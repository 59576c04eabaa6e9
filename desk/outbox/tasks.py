"""Thin, idempotent background tasks of outgoing mail: safe to run twice."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from desk.outbox import delivery
from desk.outbox.models import MailState, OutboxMail


@task()
def deliver_outbox_mail(mail_id: int) -> str:
    state = delivery.deliver(mail_id)
    if state == MailState.PENDING:
        next_at = OutboxMail.objects.filter(pk=mail_id).values_list("next_attempt_at", flat=True)
        schedule_delivery(mail_id, run_after=next_at.first())
    return state


@task()
def deliver_due_mail() -> int:
    """The sweeper (run periodically): due retries and stale claims, e.g. after a crash."""
    ids = delivery.due_mail_ids()
    for mail_id in ids:
        delivery.deliver(mail_id)
    return len(ids)


def schedule_delivery(mail_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue delivery now, or at `run_after` when the backend can defer; backends that cannot
    (the in-process test backend) leave the retry to `deliver_due_mail`."""
    if run_after is None:
        deliver_outbox_mail.enqueue(mail_id)
    elif deliver_outbox_mail.get_backend().supports_defer:
        deliver_outbox_mail.using(run_after=run_after).enqueue(mail_id)

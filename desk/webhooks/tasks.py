"""Thin, idempotent background tasks of outgoing webhooks: safe to run twice."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from desk.webhooks import delivery


@task()
def deliver_webhook(delivery_id: int) -> str:
    return delivery.deliver(delivery_id)


@task()
def deliver_due_webhooks() -> int:
    """The sweeper (run periodically): due retries, lost tasks and claims of dead workers."""
    ids = delivery.due_delivery_ids()
    for delivery_id in ids:
        delivery.deliver(delivery_id)
    return len(ids)


def schedule_delivery(delivery_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue a delivery now, or at `run_after` (a retry) when the backend can defer; backends
    that cannot (the in-process test backend) leave retries to `deliver_due_webhooks`."""
    if run_after is None:
        deliver_webhook.enqueue(delivery_id)
    elif deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)

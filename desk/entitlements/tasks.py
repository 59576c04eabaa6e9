"""Thin, idempotent background tasks of payments and entitlements: safe to run twice."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django_tasks import task

from desk.entitlements import payments, renewals
from desk.entitlements.models import Subscription


@task()
def process_payment_event(event_id: str) -> str:
    """Apply one stored provider event (grant, revoke); a processed event is skipped."""
    return payments.process_payment_event(event_id=event_id)


@task()
def reconcile_payments() -> dict[str, int]:
    """Periodic: unprocessed events and paid-but-unfulfilled orders are completed, once."""
    return payments.reconcile_payments()


@task()
def remind_renewal(subscription_id: int, ends_at_iso: str, days: int) -> str:
    """Scheduled with `run_after` = `days` before the end `ends_at_iso`."""
    return renewals.remind_if_due(
        subscription_id=subscription_id, ends_at=datetime.fromisoformat(ends_at_iso), days=days
    )


@task()
def send_renewal_reminders() -> int:
    """Periodic safety net of `remind_renewal` (and the only runner where tasks cannot defer)."""
    return renewals.send_renewal_reminders()


def enqueue_payment_event(event_id: str) -> None:
    """Process the event after the caller's commit."""
    transaction.on_commit(lambda: process_payment_event.enqueue(event_id))


def schedule_renewal_reminders(subscription: Subscription) -> None:
    """After commit, defer one reminder task per threshold still ahead; backends that cannot
    defer (the in-process test backend) leave them to `send_renewal_reminders`."""
    if not remind_renewal.get_backend().supports_defer:
        return
    subscription_id, ends_at = subscription.pk, subscription.ends_at

    def schedule() -> None:
        for days, at in renewals.reminder_times(ends_at):
            remind_renewal.using(run_after=at).enqueue(subscription_id, ends_at.isoformat(), days)

    transaction.on_commit(schedule)

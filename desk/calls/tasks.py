"""Thin, idempotent background tasks of calls: safe to run twice."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django_tasks import task

from desk.calls import rules
from desk.calls.models import Call


@task()
def remind_call(call_id: int, starts_at_iso: str) -> str:
    """Scheduled with `run_after` = 15 minutes before the start `starts_at_iso`."""
    from desk.calls.services import send_reminder  # services import this module

    return send_reminder(call_id=call_id, starts_at=datetime.fromisoformat(starts_at_iso))


@task()
def send_call_reminders() -> int:
    """The periodic safety net of `remind_call` (and the only runner where tasks cannot defer)."""
    from desk.calls.services import send_due_reminders

    return send_due_reminders()


def schedule_reminder(call: Call) -> None:
    """After commit, defer the reminder of the call's confirmed start; backends that cannot
    defer (the in-process test backend) leave it to `send_call_reminders`."""
    if not remind_call.get_backend().supports_defer or call.starts_at is None:
        return
    call_id, starts_at = call.pk, call.starts_at
    at = starts_at - rules.REMINDER_LEAD
    transaction.on_commit(
        lambda: remind_call.using(run_after=at).enqueue(call_id, starts_at.isoformat())
    )

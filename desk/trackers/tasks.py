"""Thin, idempotent background tasks of bug links: safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def poll_bug_link(ticket_id: int) -> str:
    """One look at the issue behind the request's bug link (scheduled with `run_after`)."""
    from desk.trackers.services import poll_bug_link as poll  # services schedule this task

    return poll(ticket_id=ticket_id)


@task()
def start_bug_link_polls() -> int:
    """Periodic (desk.ops.schedule): looks for new or changed links and lost chains."""
    from desk.trackers.services import start_due_polls

    return start_due_polls()

"""Thin, idempotent background tasks of requests: safe to run twice."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from desk.tickets import backlog, loads, server_access
from desk.tickets.clock import alerts


@task()
def warn_before_due(ticket_id: int, due_at_iso: str) -> str:
    """Scheduled with `run_after` = the warning time of the due time `due_at_iso`."""
    return alerts.warn_before_due(ticket_id=ticket_id, due_at=datetime.fromisoformat(due_at_iso))


@task()
def record_breach(ticket_id: int, due_at_iso: str) -> str:
    """Scheduled with `run_after` = the due time `due_at_iso`."""
    return alerts.record_breach(ticket_id=ticket_id, due_at=datetime.fromisoformat(due_at_iso))


@task()
def sweep_reply_clocks() -> dict[str, int]:
    """The periodic safety net: every warning and breach whose time has come."""
    return alerts.sweep()


@task()
def reroute_request(ticket_id: int) -> bool:
    """Scheduled with `run_after` = the end of the assignee's shift: hand the request on if its
    reply is due before their next shift."""
    from desk.tickets.services.routing import reroute_if_off_shift  # services import tasks

    return reroute_if_off_shift(ticket_id=ticket_id)


@task()
def sweep_routing() -> dict[str, int]:
    """The periodic safety net of routing (see `desk.tickets.services.routing.sweep_routing`)."""
    from desk.tickets.services.routing import sweep_routing as sweep

    return sweep()


@task()
def wipe_closed_server_access() -> int:
    """Periodic safety net: server access details that closed requests still hold."""
    return server_access.wipe_closed()


@task()
def remind_auto_close(ticket_id: int) -> str:
    """Scheduled with `run_after` = the reminder time of a resolved request."""
    from desk.tickets.services.auto_close import remind_before_auto_close

    return remind_before_auto_close(ticket_id=ticket_id)


@task()
def auto_close_request(ticket_id: int) -> str:
    """Scheduled with `run_after` = the closing time of a resolved request."""
    from desk.tickets.services.auto_close import close_if_quiet

    return close_if_quiet(ticket_id=ticket_id)


@task()
def auto_close_resolved() -> dict[str, int]:
    """The periodic safety net of auto-closing (see `sweep_auto_close`)."""
    from desk.tickets.services.auto_close import sweep_auto_close

    return sweep_auto_close()


@task()
def compact_backlog_changes() -> int:
    """Periodic: fold each quarter hour of the backlog aggregate into one row."""
    return backlog.compact()


@task()
def compact_engineer_loads() -> int:
    """Periodic: fold each engineer's rows of routing's load aggregate into one."""
    return loads.compact()

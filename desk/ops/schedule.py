"""The periodic safety nets, run by the task workers themselves (no cron): the registry.

Each entry is a task that takes no arguments and is safe to run twice; `desk.core.periodic`
starts it at most once per period across every worker. Periods are configuration:
DESK_PERIODIC_SECONDS overrides them by name. `test_every_job_loads` proves each entry loads.
"""

from __future__ import annotations

import logging
from typing import Final

from django.conf import settings
from django.utils.module_loading import import_string

from desk.core.periodic import PeriodicJob

logger = logging.getLogger(__name__)

JOBS: Final[tuple[PeriodicJob, ...]] = (
    # SLA warnings and breaches whose scheduled task was lost.
    PeriodicJob("reply_clock_sweep", "desk.tickets.tasks.sweep_reply_clocks", 60),
    # Requests whose assignee went off shift with a reply due before their next shift.
    PeriodicJob("routing_sweep", "desk.tickets.tasks.sweep_routing", 300),
    # Unprocessed payment events, paid-but-unfulfilled orders.
    PeriodicJob("payments_sweep", "desk.entitlements.tasks.reconcile_payments", 300),
    PeriodicJob("renewal_reminders", "desk.entitlements.tasks.send_renewal_reminders", 3600),
    # Mail whose delivery task was lost, retries that are due, claims of dead workers.
    PeriodicJob("outbox_sweep", "desk.outbox.tasks.deliver_due_mail", 15),
    # Webhook deliveries whose retry is due, whose task was lost or whose worker died.
    PeriodicJob("webhook_sweep", "desk.webhooks.tasks.deliver_due_webhooks", 30),
    # Inbound mail from the configured IMAP mailboxes (nothing to do without any).
    PeriodicJob("imap_poll", "desk.mail.tasks.poll_imap_mailboxes", 60),
    # Server access details that closed requests still hold.
    PeriodicJob("server_access_wipe", "desk.tickets.tasks.wipe_closed_server_access", 3600),
    # Reminders of calls starting within 15 minutes whose scheduled task was lost.
    PeriodicJob("call_reminders", "desk.calls.tasks.send_call_reminders", 60),
    # Resolved requests left alone long enough are closed (issue 8's sweep).
    PeriodicJob("auto_close_resolved", "desk.tickets.tasks.auto_close_resolved", 3600),
    # Satisfaction surveys of requests resolved since the last sweep (desk.satisfaction).
    PeriodicJob("satisfaction_surveys", "desk.satisfaction.tasks.offer_due_surveys", 300),
    # Bug links without a state yet (or changed), and polls whose scheduled task was lost.
    PeriodicJob("bug_link_polls", "desk.trackers.tasks.start_bug_link_polls", 300),
    # The backlog aggregate's new rows folded into one per quarter hour (desk.tickets.backlog).
    PeriodicJob("backlog_compaction", "desk.tickets.tasks.compact_backlog_changes", 60),
    # Routing's load aggregate: each engineer's new rows folded into one (desk.tickets.loads).
    PeriodicJob("engineer_load_compaction", "desk.tickets.tasks.compact_engineer_loads", 60),
)


def _loads(job: PeriodicJob) -> bool:
    try:
        import_string(job.task_path)
    except ImportError:
        logger.warning("periodic job %s: %s is not there (yet); skipped", job.name, job.task_path)
        return False
    return True


def active_jobs() -> list[PeriodicJob]:
    """The registry with configured periods; a job whose task does not exist is skipped with a
    warning (a registry entry may land before its task)."""
    periods: dict[str, int] = settings.DESK_PERIODIC_SECONDS
    jobs = [
        PeriodicJob(job.name, job.task_path, int(periods.get(job.name, job.every_seconds)))
        for job in JOBS
    ]
    return [job for job in jobs if job.every_seconds > 0 and _loads(job)]

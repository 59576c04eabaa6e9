"""`manage.py db_worker`: django-tasks-db's worker, plus what a production worker owes the rest
of the system: a heartbeat (read by /healthz and by the outbox to recover a dead worker's claims)
and the periodic safety nets of `desk.ops.schedule`, each started at most once per period
across all workers. Options are django-tasks-db's (`--queue-name`, `--interval`, …)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as TasksDbWorkerCommand

from desk.core.workers import set_current_worker
from desk.ops.worker import WorkerDuties


class Command(TasksDbWorkerCommand):
    help = "Run background tasks, beat, and start the periodic safety nets when they are due."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = str(options["worker_id"])
        set_current_worker(worker_id)
        duties = WorkerDuties(worker_id)
        duties.start()
        try:
            super().handle(*args, **options)
        finally:
            duties.stop()

"""What a task worker does beside running tasks: beat, and start the periodic jobs that are due.

One daemon thread per worker, on its own database connection, every
DESK_WORKER_HEARTBEAT_SECONDS: a task that blocks the worker (a slow SMTP server) stops neither
the heartbeat nor the schedule."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

from desk.core import workers
from desk.core.periodic import start_due
from desk.ops.schedule import active_jobs

logger = logging.getLogger(__name__)


class WorkerDuties(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"duties-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def tick(self) -> list[str]:
        workers.beat(self.worker_id)
        if not settings.DESK_WORKER_RUNS_PERIODIC_JOBS:
            return []
        return start_due(active_jobs(), worker_id=self.worker_id)

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    self.tick()
                except DatabaseError:
                    logger.warning("worker %s: heartbeat/schedule failed; retrying", self.worker_id)
                self.stopping.wait(settings.DESK_WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
        try:
            workers.mark_stopped(self.worker_id)
        except DatabaseError:
            logger.warning("worker %s: could not record the stop", self.worker_id)

"""Periodic jobs started by the task workers themselves, at most once per period in total.

Time is cut into slots of `every_seconds` (slot = epoch seconds // period). A worker starts a job
by moving the job's `PeriodicSlot.slot` forward with a conditional UPDATE (`WHERE slot < now's
slot`): the database lets exactly one worker win each slot, however many are running, on SQLite
and PostgreSQL alike. The winner enqueues the job's task in the same transaction, so a slot is
either claimed and enqueued, or neither. Tasks are idempotent, as every task must be.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django_tasks.base import Task

from desk.core import clock
from desk.core.models import PeriodicSlot

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    name: str
    task_path: str  # dotted path of a django_tasks Task that takes no arguments
    every_seconds: int

    def load(self) -> Task:  # type: ignore[type-arg]
        task = import_string(self.task_path)
        if not isinstance(task, Task):
            raise TypeError(f"{self.task_path} is not a task")
        return task


def slot_of(at: datetime, every_seconds: int) -> int:
    return int(at.timestamp()) // max(1, every_seconds)


def claim(job: PeriodicJob, *, at: datetime, worker_id: str) -> bool:
    """True for the one caller that moves the job into the slot of `at`."""
    slot = slot_of(at, job.every_seconds)
    if not PeriodicSlot.objects.filter(name=job.name).exists():
        try:
            with transaction.atomic():
                PeriodicSlot.objects.create(name=job.name)
        except IntegrityError:
            pass  # another worker created it first
    updated = PeriodicSlot.objects.filter(name=job.name, slot__lt=slot).update(
        slot=slot, started_at=at, started_by=worker_id[:64]
    )
    return updated == 1


def start_due(jobs: Iterable[PeriodicJob], *, worker_id: str) -> list[str]:
    """Enqueue every job whose period has turned and that no other worker started; returns the
    names started here."""
    started = []
    for job in jobs:
        at = clock.now()
        with transaction.atomic():
            if not claim(job, at=at, worker_id=worker_id):
                continue
            job.load().enqueue()
        started.append(job.name)
        logger.info("periodic job %s started by %s", job.name, worker_id)
    return started

"""Base rows every layer may read: worker heartbeats and the slots of periodic jobs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.core import clock


class WorkerHeartbeat(models.Model):
    """One row per running task worker, touched every few seconds by a thread of the worker.

    `/healthz` reads the freshest beat; the outbox hands a claim of a worker whose beat went
    stale (killed, frozen) to another worker long before the claim's lease ends."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=clock.now)
    beat_at = models.DateTimeField(default=clock.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        indexes = [models.Index(fields=["beat_at"], name="heartbeat_beat_idx")]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class PeriodicSlot(models.Model):
    """The last period a periodic job was started in. A worker starts the job only by moving
    `slot` forward with a conditional UPDATE, so among any number of workers exactly one
    starts it per period."""

    name = models.CharField(max_length=100, unique=True)
    slot = models.BigIntegerField(default=-1)
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name

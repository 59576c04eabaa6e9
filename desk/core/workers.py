"""Which worker this process is, its heartbeat, and whether another worker is still alive."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.conf import settings

from desk.core import clock
from desk.core.models import WorkerHeartbeat

_current: dict[str, str] = {"id": ""}


def current_worker_id() -> str:
    """The id of the task worker running in this process; "" in web processes and tests."""
    return _current["id"]


def set_current_worker(worker_id: str) -> None:
    _current["id"] = worker_id


def beat(worker_id: str) -> None:
    now = clock.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        beat_at=now, stopped_at=None
    )
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
            },
        )


def mark_stopped(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=clock.now())


def stale_before() -> timedelta:
    return timedelta(seconds=settings.DESK_WORKER_STALE_SECONDS)


def is_alive(worker_id: str) -> bool:
    """False when `worker_id` beat too long ago or stopped; None-like "" ids (a process that is
    no worker, e.g. a web process sending at once) count as alive: their claims age by lease."""
    if not worker_id:
        return True
    row = WorkerHeartbeat.objects.filter(worker_id=worker_id).values("beat_at", "stopped_at")
    found = row.first()
    if found is None:
        return False
    return found["stopped_at"] is None and found["beat_at"] >= clock.now() - stale_before()


def dead_worker_ids(candidates: set[str]) -> set[str]:
    """The ids among `candidates` (non-empty) whose worker is no longer alive."""
    ids = {candidate for candidate in candidates if candidate}
    if not ids:
        return set()
    fresh = WorkerHeartbeat.objects.filter(
        worker_id__in=ids, stopped_at__isnull=True, beat_at__gte=clock.now() - stale_before()
    ).values_list("worker_id", flat=True)
    return ids - set(fresh)

"""The periodic safety nets: every registry entry loads, each job starts at most once per period
however many workers try, and the worker's duties beat and start them."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from desk.core.models import PeriodicSlot, WorkerHeartbeat
from desk.core.periodic import PeriodicJob, claim, start_due
from desk.ops.schedule import JOBS, active_jobs
from desk.ops.worker import WorkerDuties

# Registry entries whose task another issue is still writing (loaded when it lands).
PENDING: set[str] = set()
JOB = PeriodicJob("outbox_sweep", "desk.outbox.tasks.deliver_due_mail", 60)


def test_every_job_loads():
    names = {job.name for job in JOBS}
    assert {
        "reply_clock_sweep",
        "payments_sweep",
        "outbox_sweep",
        "imap_poll",
        "server_access_wipe",
        "routing_sweep",
        "auto_close_resolved",
        "call_reminders",
    } <= names
    for job in JOBS:
        if job.name in PENDING:
            continue
        assert job.load().name


def test_periods_are_configuration(settings):
    settings.DESK_PERIODIC_SECONDS = {"outbox_sweep": 5, "imap_poll": 0}
    periods = {job.name: job.every_seconds for job in active_jobs()}
    assert periods["outbox_sweep"] == 5
    assert "imap_poll" not in periods


def test_one_claim_per_slot(db, clock):
    assert claim(JOB, at=clock(), worker_id="w1")
    assert not claim(JOB, at=clock(), worker_id="w2")
    clock.advance(seconds=60)
    assert claim(JOB, at=clock(), worker_id="w2")
    assert PeriodicSlot.objects.get(name=JOB.name).started_by == "w2"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_workers_at_once_start_a_job_once():
    # given 8 "workers" racing for the same slot, each on its own connection
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def race(name: str) -> None:
        try:
            barrier.wait()
            if claim(JOB, at=moment, worker_id=name):
                winners.append(name)
        finally:
            connection.close()

    from desk.core import clock as core_clock

    moment = core_clock.now()
    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one started it
    assert len(winners) == 1


def test_start_due_enqueues_the_task_once_per_period(db, clock, django_capture_on_commit_callbacks):
    started = start_due([JOB], worker_id="w1")
    assert started == ["outbox_sweep"]
    assert start_due([JOB], worker_id="w2") == []
    clock.advance(seconds=61)
    assert start_due([JOB], worker_id="w2") == ["outbox_sweep"]


def test_worker_duties_beat_and_start_jobs(db, settings):
    settings.DESK_PERIODIC_SECONDS = {job.name: 0 for job in JOBS if job.name != "outbox_sweep"}
    duties = WorkerDuties("worker-a")
    assert duties.tick() == ["outbox_sweep"]
    assert WorkerHeartbeat.objects.get().worker_id == "worker-a"
    assert duties.tick() == []


def test_healthz_needs_a_fresh_heartbeat(client, db, clock, settings):
    assert client.get("/healthz").status_code == 503
    WorkerDuties("worker-a").tick()
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (200, "ok")
    clock.advance(seconds=settings.DESK_WORKER_STALE_SECONDS + 1)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "stale")
    assert response.json()["database"] == "ok"
    assert timedelta(seconds=1)  # the answer holds ages and states only
    assert set(response.json()) == {"database", "worker", "worker_beat_age_seconds", "status"}

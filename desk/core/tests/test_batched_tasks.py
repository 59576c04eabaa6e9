"""Tasks enqueued after one commit inside `batched()` are written together, in one INSERT; a
task enqueued inside a transaction is written in it, as django_tasks_db does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from desk.core.batched_tasks import batched

PATH = "desk.core.tests.test_batched_tasks."
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def database_backend(settings: Any) -> None:
    """The production backend (the tests' own runs tasks in process)."""
    settings.TASKS = {"default": {"BACKEND": "desk.core.batched_tasks.BatchingDatabaseBackend"}}


LATER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@task()
def deliver(number: int) -> None:
    """Stands for a delivery task (core imports no domain app)."""


@task()
def breach(number: int, due: str) -> None:
    """Stands for a deferred task."""


def rows() -> list[tuple[str, object, datetime]]:
    found = DBTaskResult.objects.filter(status="READY")
    return sorted(
        ((row.task_path, row.args_kwargs, row.run_after) for row in found),
        key=lambda row: (row[0], str(row[1])),
    )


def enqueue_three() -> None:
    deliver.enqueue(7)
    breach.using(run_after=LATER).enqueue(5, "2026-12-07T09:00:00+00:00")
    deliver.enqueue(8)


def test_tasks_enqueued_after_one_commit_are_written_in_one_insert():
    # given / when: a transaction whose three tasks are enqueued after its commit
    with CaptureQueriesContext(connection) as captured, batched():
        with transaction.atomic():
            transaction.on_commit(enqueue_three)
        assert rows() == []  # not yet: at the end of the block

    # then: one statement wrote the three, as django_tasks_db writes them one by one
    inserts = [q["sql"] for q in captured.captured_queries if "dbtaskresult" in q["sql"]]
    assert len(inserts) == 2  # the INSERT, and the read of `rows()` above
    assert inserts[1].startswith('INSERT INTO "django_tasks_database_dbtaskresult"')
    never = datetime(9999, 1, 1, tzinfo=UTC)
    assert rows() == [
        (PATH + "breach", {"args": [5, "2026-12-07T09:00:00+00:00"], "kwargs": {}}, LATER),
        (PATH + "deliver", {"args": [7], "kwargs": {}}, never),
        (PATH + "deliver", {"args": [8], "kwargs": {}}, never),
    ]


def test_a_rolled_back_transaction_enqueues_nothing():
    seen: list[int] = []

    def refused() -> None:
        with transaction.atomic():
            transaction.on_commit(enqueue_three)
            deliver.enqueue(9)  # inside the transaction: written in it
            seen.append(len(rows()))
            raise RuntimeError

    with batched(), pytest.raises(RuntimeError):
        refused()

    assert seen == [1]
    assert rows() == []


def test_an_error_after_the_commit_keeps_the_tasks_of_what_was_committed():
    def committed_then_failed() -> None:
        with batched():
            with transaction.atomic():
                transaction.on_commit(enqueue_three)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        committed_then_failed()

    assert len(rows()) == 3


def test_outside_a_block_each_task_is_written_at_once():
    with transaction.atomic():
        transaction.on_commit(enqueue_three)

    assert len(rows()) == 3

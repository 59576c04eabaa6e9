"""Opening a request enqueues its background tasks after its commit (the receipt's delivery,
the reply clock's warning and breach) and writes them in one INSERT
(`desk.core.batched_tasks`), not one autocommitted INSERT each."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from desk.tickets.tests.builders import open_request


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_opening_a_request_writes_its_tasks_in_one_insert(
    alice, alice_store, alice_subscription, settings: Any
):
    # given: the production task backend
    settings.TASKS = {"default": {"BACKEND": "desk.core.batched_tasks.BatchingDatabaseBackend"}}
    DBTaskResult.objects.all().delete()

    # when
    with CaptureQueriesContext(connection) as captured:
        ticket = open_request(alice, alice_store)

    # then: three tasks, one statement
    inserts = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('INSERT INTO "django_tasks_database_dbtaskresult"')
    ]
    assert len(inserts) == 1
    tasks = sorted(DBTaskResult.objects.values_list("task_path", "args_kwargs"), key=str)
    assert [path for path, _arguments in tasks] == [
        "desk.outbox.tasks.deliver_outbox_mail",
        "desk.tickets.tasks.record_breach",
        "desk.tickets.tasks.warn_before_due",
    ]
    assert tasks[1][1]["args"][0] == tasks[2][1]["args"][0] == ticket.pk

"""Background tasks enqueued after one commit, written together (issue 11: opening a request
enqueued three tasks after its commit, the reply clock's warning and breach and the receipt's
delivery, each one INSERT in its own autocommitted transaction: three statements and three waits
for the write-ahead log).

`BatchingDatabaseBackend` is django_tasks_db's backend (the setting `TASKS` names it); inside
`batched()` its `enqueue` outside any transaction (as the `transaction.on_commit` callbacks run)
only builds the row, and the end of the block writes every row it collected in one multi-row
INSERT: one statement, one commit. Wrap it around the outermost `transaction.atomic()` of a
service; the rows are written when the block ends, also when it ends by an exception raised
after the commit (what was committed keeps its tasks). Inside a transaction, and outside a block,
`enqueue` writes at once, as django_tasks_db does: a task enqueued in a transaction that rolls
back is rolled back with it. Other backends (the in-process one of the tests) ignore the block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import connection, connections, router
from django.db.models import Model
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend, TaskResult
from django_tasks_db.compat import Task, normalize_json, task_enqueued

if TYPE_CHECKING:  # the model is imported once apps are loaded (services import this module)
    from django_tasks_db.models import DBTaskResult

_pending: ContextVar[list[DBTaskResult[Any, Any]] | None] = ContextVar(
    "desk_batched_tasks", default=None
)


@contextmanager
def batched() -> Iterator[None]:
    """Collect the database tasks enqueued outside a transaction inside the block and write them
    in one INSERT when it ends. Inside another `batched()` the outer one writes them."""
    if _pending.get() is not None:
        yield
        return
    rows: list[DBTaskResult[Any, Any]] = []
    token = _pending.set(rows)
    try:
        yield
    finally:
        _pending.reset(token)
        if rows:
            _insert(rows)
            for row in rows:
                task_enqueued.send(BatchingDatabaseBackend, task_result=row.task_result)


def _insert(rows: list[DBTaskResult[Any, Any]]) -> None:
    """One INSERT of every row, in autocommit: one statement and one commit (`bulk_create`
    would wrap even one batch in BEGIN … COMMIT)."""
    model = type(rows[0])
    fields = list(model._meta.concrete_fields)
    alias = router.db_for_write(model)
    if len(rows) > connections[alias].ops.bulk_batch_size(fields, rows):
        model._base_manager.bulk_create(rows)  # more rows than SQLite takes in one statement
        return
    query = InsertQuery(model)  # what QuerySet._insert does for save() and bulk_create()
    query.insert_values(fields, list[Model](rows))
    query.get_compiler(using=alias).execute_sql(None)


class BatchingDatabaseBackend(DatabaseBackend):
    """django_tasks_db's backend, whose tasks enqueued inside `batched()` outside a transaction
    are written together at the end of the block."""

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any, Any]:
        rows = _pending.get()
        if rows is None or connection.in_atomic_block:
            return super().enqueue(task, args, kwargs)
        from django_tasks_db.models import DBTaskResult, get_date_max

        self.validate_task(task)
        row: DBTaskResult[Any, Any] = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            # what django_tasks_db's pre_save handler sets, which bulk_create does not send
            run_after=task.run_after or get_date_max(),
            backend_name=self.alias,
            enqueued_at=timezone.now(),
        )
        rows.append(row)
        return row.task_result

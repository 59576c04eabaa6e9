"""Write a row that usually exists: one UPDATE, an INSERT only when there is none yet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, models, transaction

from desk.core.transactions import atomic_with_settings


def update_else_insert(
    model: type[models.Model], key: dict[str, Any], update: dict[str, Any], insert: dict[str, Any]
) -> None:
    """Apply `update` to the row of `key` (its unique key); when there is no such row, insert
    `key` with `insert`. Two writers inserting the same new row meet on the unique key, and the
    loser applies `update` to the winner's row. Cheaper than `update_or_create` (no
    transaction, no locking read) when the row is there most of the time."""
    rows = model._default_manager.filter(**key)
    if rows.update(**update):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**key, **insert)
    except IntegrityError:
        rows.update(**update)


@contextmanager
def passing_write() -> Iterator[None]:
    """A transaction for a write nobody would miss after a crash (an engineer's "viewing now"
    mark, gone by itself in seconds): on PostgreSQL its commit does not wait for the WAL to
    reach the disk (`synchronous_commit = off` for this transaction only; a crash can lose the
    last fraction of a second of such writes, never corrupt anything). Inside a transaction
    that is already open the write takes that transaction's durability: the setting would
    cover the caller's writes too, and those may be money (`atomic_with_settings`)."""
    with atomic_with_settings({"synchronous_commit": "off"}):
        yield

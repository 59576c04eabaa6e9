"""Write a row that usually exists: one UPDATE, an INSERT only when there is none yet."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction


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

"""A transaction with PostgreSQL settings of its own (SET LOCAL), unless the caller has one open."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def atomic_with_settings(
    settings: Mapping[str, str], *, callers_too: bool = False, savepoint: bool = True
) -> Iterator[None]:
    """`transaction.atomic(savepoint=savepoint)` whose statements run with `settings` on
    PostgreSQL (`SET LOCAL`, one statement; they end with the transaction). Elsewhere a plain
    `atomic`.

    When it opens the transaction, the settings are its own. Inside a transaction the caller
    has open they are not set: SET LOCAL lasts until the end of the caller's transaction (a
    savepoint does not end it, only rolling back to it does), so it would change every
    statement the caller runs after the block and, for a setting such as
    `synchronous_commit`, the durability of the caller's commit. `callers_too` sets them
    there anyway, for the rest of the caller's transaction: only for settings that change how
    statements are planned, never what they write or how durably."""
    own = not connection.in_atomic_block
    with transaction.atomic(savepoint=savepoint):
        if settings and connection.vendor == "postgresql" and (own or callers_too):
            calls = ", ".join(["set_config(%s, %s, true)"] * len(settings))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {calls}",  # placeholders only
                    [part for pair in settings.items() for part in pair],
                )
        yield

"""The backlog's net change per UTC quarter hour (`BacklogChange`), kept in step with the events.

`record` is called by `desk.tickets.events.record_event`, the one writer of created and status
events, in the event's transaction: it inserts one row and updates none, so openings never wait
on each other. `compact` (a periodic job, every minute) folds each quarter hour's rows into one,
so the backlog report reads at most 96 rows a day, plus the last minute's, however many requests
move.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from desk.tickets.models import OPEN_STATUSES, BacklogChange, EventKind


def backlog_change(kind: str, before: str, after: str) -> int:
    """How an event moves the backlog: +1 opening or reopening, -1 resolving or closing."""
    if kind == EventKind.CREATED:
        return 1
    if kind != EventKind.STATUS:
        return 0
    return int(after in OPEN_STATUSES) - int(before in OPEN_STATUSES)


def bucket_of(at: datetime) -> datetime:
    """The start (UTC) of the quarter hour `at` falls in."""
    utc = at.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)


def record(kind: str, *, before: str, after: str, at: datetime) -> None:
    """Add the event's change to its quarter hour. Call inside the event's transaction."""
    change = backlog_change(kind, before, after)
    if change:
        BacklogChange.objects.create(bucket=bucket_of(at), change=change)


def compact() -> int:
    """Fold the rows of every quarter hour that has rows not folded yet into one compacted row
    (none when they cancel out); returns how many quarter hours were folded.

    The quarter hour being written is folded too: a change committed after the fold is one more
    loose row that the next run folds in, never a wrong sum. Safe to run twice and concurrently:
    the rows are removed by one DELETE … RETURNING and the sum of exactly the rows this run
    removed is written back in the same transaction. A run that meets rows another run removed
    first gets nothing back for them (PostgreSQL re-checks rows it waited for; SQLite runs one
    writer at a time), so no change is counted twice or lost."""
    table = connection.ops.quote_name(BacklogChange._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE bucket IN ("  # noqa: S608  # our own table name
            f"SELECT bucket FROM {table} WHERE NOT is_compacted"
            ") RETURNING bucket, change"
        )
        sums = _sums(cursor.fetchall())
        cursor.executemany(
            f"INSERT INTO {table} (bucket, change, is_compacted) VALUES (%s, %s, %s)",  # noqa: S608
            [(bucket, change, True) for bucket, change in sums.items() if change],
        )
    return len(sums)


def _sums(rows: list[tuple[Any, int]]) -> dict[Any, int]:
    """The change per bucket, the bucket as the database gave it (written back as it came)."""
    sums: defaultdict[Any, int] = defaultdict(int)
    for bucket, change in rows:
        sums[bucket] += change
    return dict(sums)

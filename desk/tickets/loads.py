"""Routing's load: the open requests each engineer holds, read from a maintained aggregate
(`EngineerLoadChange`) instead of counted over the requests.

At 1M requests the three seeded engineers held 53,773 open requests between them, and routing
summed them on every new request (68 ms cold, ~20 ms warm) while holding the candidates' row locks,
so openings in a department waited on each other's count (issue 11 pt 2). Now:

- triggers on `tickets_ticket` (migration 0020) insert a signed change whenever an insert, a
  delete or an update of status, assignee or Hotrush changes what a request counts for;
- `of` sums an engineer's changes: the rows written since the last fold, however many
  requests are open;
- `compact` (a periodic job, every minute) folds each engineer's rows into one;
- `rebuild` recomputes everything from the requests: the seed loader's bulk load writes with
  PostgreSQL's triggers off (`desk.seed.bulk`), and a repair needs nothing else.

The triggers belong to the table: Django rebuilds a SQLite table for some schema changes, which
drops them; `test_engineer_loads` compares the aggregate with a count over the requests after
random sequences of changes, on the migrated schema, and fails when they are gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Q

from desk.tickets.models import OPEN_STATUSES, EngineerLoadChange, Ticket


def of(engineer_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(open requests, of which Hotrush) per engineer; (0, 0) for one holding none. One query."""
    ids = list(engineer_ids)
    found = dict.fromkeys(ids, (0, 0))
    if not ids:
        return found
    table = connection.ops.quote_name(EngineerLoadChange._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT engineer_id, SUM(open_change), SUM(hotrush_change) FROM {table} "  # noqa: S608
            f"WHERE engineer_id IN ({marks}) GROUP BY engineer_id",
            ids,
        )
        for engineer, open_requests, hotrush in cursor.fetchall():
            found[engineer] = (int(open_requests), int(hotrush))
    return found


def compact() -> int:
    """Fold the rows of every engineer with more than one into one (none when they cancel
    out); returns how many engineers were folded.

    Safe beside writers and another run, as `backlog.compact`: one DELETE … RETURNING removes the
    rows and the sum of exactly those rows is written back in the same transaction; a change
    committed after it is one more loose row for the next run."""
    table = connection.ops.quote_name(EngineerLoadChange._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE engineer_id IN ("  # noqa: S608  # our own table name
            f"SELECT engineer_id FROM {table} GROUP BY engineer_id HAVING COUNT(*) > 1"
            ") RETURNING engineer_id, open_change, hotrush_change"
        )
        sums: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
        for engineer, open_change, hotrush_change in cursor.fetchall():
            sums[engineer][0] += open_change
            sums[engineer][1] += hotrush_change
        EngineerLoadChange.objects.bulk_create(
            EngineerLoadChange(engineer_id=engineer, open_change=total, hotrush_change=hotrush)
            for engineer, (total, hotrush) in sorted(sums.items())
            if total or hotrush
        )
    return len(sums)


def rebuild() -> dict[str, int]:
    """Recompute the aggregate from the requests: one row per engineer holding open requests.
    On PostgreSQL the requests are locked against writers meanwhile (SHARE: reads go on)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Ticket._meta.db_table} IN SHARE MODE")
        EngineerLoadChange.objects.all().delete()
        held = (
            Ticket.objects.filter(status__in=OPEN_STATUSES, assignee_id__isnull=False)
            .values("assignee_id")
            .annotate(total=Count("id"), hotrush=Count("id", filter=Q(is_hotrush=True)))
            .order_by("assignee_id")
        )
        EngineerLoadChange.objects.bulk_create(
            EngineerLoadChange(
                engineer_id=row["assignee_id"],
                open_change=row["total"],
                hotrush_change=row["hotrush"],
            )
            for row in held
        )
    return {"engineer loads": len(held)}

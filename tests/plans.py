"""Query plans for the tests that assert an index drives a query, on SQLite and on PostgreSQL
(`desk.tickets.tests.test_query_plans` and its neighbours in every app): here, outside the
apps' layers, so a test of any app may read a plan.

On PostgreSQL a test's table of a few rows would be read sequentially whatever its indexes, so
the plan is taken with sequential scans, bitmap scans and sorts priced out: what it shows is that
an index can hold the query and its order, which is what the planner picks at scale."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def indexes_preferred() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    settings = ("enable_seqscan", "enable_bitmapscan", "enable_sort")
    with connection.cursor() as cursor:
        for name in settings:
            cursor.execute(f"SET {name} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in settings:
                cursor.execute(f"RESET {name}")


def explain(sql: str) -> str:
    """The plan of `sql` (parameters interpolated, as captured), one line per step."""
    with indexes_preferred(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())

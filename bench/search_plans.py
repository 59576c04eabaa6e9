"""Search at scale, query by query (issue 11): `python -m bench.search_plans DATABASE_URL
[--explain]` on a seeded database. The requests search as the portal issues it for the busiest
customer (`customer0@seed.example`), as the console issues it (without a filter, and for one
department: a filter reads the plain walk, not the buckets) and as the new-request form's
article suggestions issue it (any word of the subject), for each word of
`bench.page_timings.WORDS`, in one read-only transaction: the wall time of the whole search
(best of 3), then each query's EXPLAIN (ANALYZE, BUFFERS) execution time (best of 3), its
shared buffers and the indexes it read; `--explain` prints the plans too; `--words "a,b c"`
searches those words instead. `--with-owner-index`
first applies migration search 0004 (its index build timed) in that transaction, which is
rolled back: the numbers an unmigrated database would give once migrated, leaving it as it
was (the build locks the table against writes until then). `--without a,b` first drops those
indexes in that transaction: the plans a migration dropping them would give, on the same data
and cache (alternate runs with and without it).
Never part of `make test`."""

from __future__ import annotations

import importlib
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.page_timings import WORDS
from bench.web import environment

CUSTOMER = "customer0@seed.example"


def role(sql: str) -> str:
    if "ts_headline" in sql:
        return "snippets"
    if "ts_rank" in sql:
        return "page"
    if "COUNT(" in sql:
        return "count"
    return "other"


def main() -> None:
    os.environ.update(environment(sys.argv[1], 8799))
    show = "--explain" in sys.argv
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from desk.accounts.models import User
    from desk.kb import selectors as kb_selectors
    from desk.kb.text_search import search_articles
    from desk.tickets import text_search
    from desk.tickets.selectors import tickets_of_customer

    customer = User.objects.get(email=CUSTOMER)
    ways: dict[str, Callable[[str], object]] = {
        "portal": lambda q: text_search.search_requests(
            query=q, tickets=tickets_of_customer(customer, status=None), customer=customer
        ),
        "console": lambda q: text_search.search_requests(
            query=q, tickets=text_search.tickets_for_search(), customer=None
        ),
        "console, one department": lambda q: text_search.search_requests(
            query=q,
            tickets=text_search.tickets_for_search(department="technical-support"),
            customer=None,
        ),
        "suggestions": lambda q: search_articles(
            query=q,
            viewer=customer,
            within=kb_selectors.readable_translations(customer),
            limit=5,
            any_word=True,
        ),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        if "--with-owner-index" in sys.argv:
            build_owner_index(cursor)
        elif "--without" not in sys.argv:
            cursor.execute("SET TRANSACTION READ ONLY")
        if "--without" in sys.argv:
            dropped = sys.argv[sys.argv.index("--without") + 1]
            cursor.execute(f"DROP INDEX {dropped}")
            print(f"without {dropped} (rolled back at the end)")
        for way, search in ways.items():
            for word in words():
                best = float("inf")
                for _ in range(3):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        search(word)
                        best = min(best, (time.perf_counter() - started) * 1000)
                print(f"{way} {word!r}: search {best:.1f} ms, {len(captured)} queries")
                for query in captured.captured_queries:
                    # a setting for the next statement
                    if query["sql"].startswith(("SET ", "SELECT set_config(")):
                        cursor.execute(query["sql"])
                        continue
                    explain(cursor, query["sql"], show)
        transaction.set_rollback(True)
    print(f"load {os.getloadavg()[0]:.2f}")


def words() -> list[str]:
    """`--words "a,b c"`: these instead of `bench.page_timings.WORDS` (comma-separated)."""
    if "--words" in sys.argv:
        return sys.argv[sys.argv.index("--words") + 1].split(",")
    return list(WORDS)


def build_owner_index(cursor: Any) -> None:
    """Migration search 0004's statements, the GIN index build timed."""
    migration = importlib.import_module("desk.search.migrations.0004_owner_vector_index")
    cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    started = time.perf_counter()
    for statement in migration.POSTGRES_FORWARD:
        cursor.execute(statement)
    print(f"owner index built in {time.perf_counter() - started:.1f} s (rolled back at the end)")


def explain(cursor: Any, sql: str, show: bool) -> None:
    best, plan = float("inf"), ""
    for _ in range(3):
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
        took = float(re.search(r"Execution Time: ([\d.]+)", lines[-1]).group(1))  # type: ignore[union-attr]
        if took < best:
            best, plan = took, "\n".join(lines)
    buffers = re.search(r"Buffers: (shared [^\n]*)", plan)
    indexes = sorted(set(re.findall(r"(?:using|Index Scan on) (\w+)", plan)))
    print(
        f"    {role(sql):8} {best:8.2f} ms  {buffers.group(1) if buffers else '':32} "
        f"{', '.join(indexes)}"
    )
    if show:
        print("\n".join("        " + line for line in plan.splitlines()))


if __name__ == "__main__":
    main()

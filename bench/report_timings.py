"""SLA attainment, reply times, backlog and revenue report timings (issue 11):
`python -m bench.report_timings DATABASE_URL` on a seeded database (`make bench-web` builds one):
best and median of 5, and the queries of one. Never part of `make test`."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from bench.web import environment

ZONE = ZoneInfo("Europe/Moscow")


def timed(run: Callable[[], object], times: int = 5) -> tuple[float, float, int]:
    """Best and median milliseconds of `times` runs, and the queries of one more."""
    from django.db import connection, reset_queries

    took = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        took.append((time.perf_counter() - started) * 1000)
    connection.force_debug_cursor = True
    reset_queries()
    run()
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    return min(took), sorted(took)[len(took) // 2], queries


def main() -> None:
    os.environ.update(environment(sys.argv[1], 8799))
    import django

    django.setup()
    from desk.core import clock
    from desk.reports.backlog import backlog
    from desk.reports.reply_times import reply_time_distribution
    from desk.reports.revenue import revenue_by_month
    from desk.tickets.clock.attainment import sla_attainment

    now = clock.now()
    for weeks in (12, 52):
        since = now - timedelta(weeks=weeks)
        for first_only in (True, False):
            best, median, queries = timed(
                lambda s=since, f=first_only: sla_attainment(  # type: ignore[misc]
                    since=s, until=now + timedelta(weeks=1), zone=ZONE, first_only=f
                )
            )
            replies = "first replies" if first_only else "all replies"
            print(
                f"SLA attainment {weeks} weeks, {replies}: best {best:.1f} ms, "
                f"median {median:.1f} ms, {queries} queries"
            )
        best, median, queries = timed(
            lambda s=since: reply_time_distribution(since=s, until=now)  # type: ignore[misc]
        )
        print(
            f"reply times {weeks} weeks: best {best:.1f} ms, median {median:.1f} ms, "
            f"{queries} queries"
        )
    for days in (30, 365):
        best, median, queries = timed(lambda d=days: backlog(now=now, zone=ZONE, days=d))  # type: ignore[misc]
        print(f"backlog {days} days: best {best:.1f} ms, median {median:.1f} ms, {queries} queries")
    best, median, queries = timed(lambda: revenue_by_month(today=now.date(), zone=ZONE))
    print(
        f"revenue 12 months: best {best:.1f} ms, median {median:.1f} ms, {queries} queries; "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

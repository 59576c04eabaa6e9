"""CPU per page, in-process (issue 11): `python -m bench.page_cpu DATABASE_URL [-n 60] [--only
queue,request]` on a seeded database. For a bare signed-in page, the three console queues and the
console request view (the 20 newest open requests, every tenth of the 200 newest, in turn): the
median and 90th percentile of `time.process_time` around Django test client calls after two
warm-up rounds, the median wall time and the page's query count. CPU time is what the Python
process spent: it does not include PostgreSQL's work, and at a high load average it varies less
than wall time. Static files are collected into BENCH_STATIC_ROOT (a folder per checkout is
best when two checkouts are compared). Never part of `make test`."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.web import ENGINEER, environment

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("-n", type=int, default=60, help="pages measured per row")
    parser.add_argument("--only", default="", help="comma-separated parts of row names")
    options = parser.parse_args()
    os.environ.setdefault("BENCH_STATIC_ROOT", f"/tmp/bench-static-{ROOT.name}")  # noqa: S108
    os.environ.update(environment(options.database_url, 8799))
    manage = [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, check=True, cwd=ROOT)  # noqa: S603
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from desk.accounts.models import User
    from desk.tickets.models import OPEN_STATUSES, Ticket

    engineer = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
    engineer.force_login(User.objects.get(email=ENGINEER))
    newest = Ticket.objects.filter(status__in=OPEN_STATUSES).order_by("-id")
    ids = list(newest.values_list("id", flat=True)[:200])[::10]
    pages = {
        "bare signed-in page": ["/console/reports/"],
        "console queue: all open": ["/console/?view=all"],
        "console queue: one department": ["/console/?department=customer-service"],
        "console queue: mine": ["/console/?view=mine"],
        "request view (console)": [f"/console/requests/{i}/" for i in ids],
    }
    only = [part for part in options.only.split(",") if part]
    count = options.n
    print(f"{'page':32} {'CPU ms':>7} {'p90':>6} {'wall ms':>8} {'queries':>8}  n={count}")
    for name, paths in pages.items():
        if only and not any(part in name for part in only):
            continue
        for path in paths * 2:
            status = engineer.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        cpu, wall = [], []
        for k in range(count):
            started, spent = time.perf_counter(), time.process_time()
            engineer.get(paths[k % len(paths)])
            cpu.append((time.process_time() - spent) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        connection.force_debug_cursor = True
        reset_queries()
        engineer.get(paths[0])
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        cpu.sort()
        print(
            f"{name:32} {statistics.median(cpu):7.2f} {cpu[int(0.9 * count)]:6.2f} "
            f"{statistics.median(wall):8.2f} {queries:8d}"
        )
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

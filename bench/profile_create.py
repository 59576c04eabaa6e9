"""Where the time of opening a request goes (issue 11 pt 4): `python -m bench.profile_create
--database-url sqlite:////tmp/bench-3000.sqlite3 -n 200 [--form] [--profile]`.

Opens `-n` requests as the seeded customer through the real stack (middleware, API or portal
form, services) in-process with Django's test client, on a copy of a seeded database (SQLite:
copied file; PostgreSQL: `CREATE DATABASE … TEMPLATE`), and prints requests per second on one
core and the queries per request; `--profile` prints pyinstrument's tree instead (pyinstrument
is not a dependency: install it into the venv for the measurement only). Never `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import time

from bench.web import PSQL, environment


def _copy(url: str) -> str:
    if url.startswith("sqlite:///"):
        source = url.removeprefix("sqlite:///")
        copy = source.replace(".sqlite3", "-profile.sqlite3")
        with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
            original.backup(target)  # consistent even beside a write-ahead log
        return "sqlite:///" + copy
    server, name = url.rsplit("/", 1)
    admin = server + "/postgres"
    subprocess.run([PSQL, admin, "-qc", f"DROP DATABASE IF EXISTS {name}_profile"], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [PSQL, admin, "-qc", f"CREATE DATABASE {name}_profile TEMPLATE {name}"], check=True
    )
    return f"{server}/{name}_profile"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--form", action="store_true", help="the portal form, not the API")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="cProfile: functions by own CPU time")
    parser.add_argument("--queries", action="store_true", help="print the queries of one")
    parser.add_argument(
        "--without-request-cache",
        action="store_true",
        help="leave out desk.core.request_cache's middleware (to measure what it saves)",
    )
    args = parser.parse_args()
    os.environ.update(environment(_copy(args.database_url), 8790))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries

    if args.without_request_cache:
        cache = "desk.core.request_cache.RequestCacheMiddleware"
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != cache]
    from django.test import Client

    from desk.accounts.models import User

    customer = User.objects.get(email="customer0@seed.example")
    store = customer.stores.order_by("pk").first()
    assert store is not None
    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
    client.force_login(customer)

    def create() -> int:
        if args.form:
            data = {
                "store": store.pk,
                "subject": "Checkout fails",
                "body": "The payment page shows an error.",
                "category": "troubleshooting",
                "language": "en",
            }
            return client.post("/requests/new/", data).status_code
        body = {
            "store_id": store.pk,
            "subject": "Checkout fails",
            "body": "The payment page shows an error.",
            "category": "troubleshooting",
        }
        return client.post(
            "/api/tickets", json.dumps(body), content_type="application/json"
        ).status_code

    assert create() in (201, 302)  # warm
    connection.force_debug_cursor = True
    reset_queries()
    create()
    queries = len(connection.queries)
    if args.queries:
        for query in connection.queries:
            print(query["time"], query["sql"] if os.environ.get("FULL_SQL") else query["sql"][:160])
    connection.force_debug_cursor = False
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    if args.cpu:
        import cProfile
        import pstats

        cpu = cProfile.Profile(time.process_time)
        cpu.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.n):
        create()
    took = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) * 1000 / args.n
    if args.cpu:
        cpu.disable()
        pstats.Stats(cpu).sort_stats("cumulative").print_stats(60)
    if args.profile:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    what = ("form" if args.form else "API") + (
        " without the request cache" if args.without_request_cache else ""
    )
    print(
        f"{what}: {args.n} requests in {took:.2f} s = {args.n / took:.1f}/s on one process; "
        f"CPU {cpu_ms:.1f} ms each; {queries} queries each; load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()

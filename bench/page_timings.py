"""One page at a time, in-process (issue 11): `python -m bench.page_timings DATABASE_URL`
on a seeded database. For each read scenario of `bench.web`: the best of 3 of wall time,
Python CPU time and the SQL time Django measured, with the query count and the slowest
queries. Without the HTTP server and the load generator, it shows what one page costs; at a
high load average every number still includes waiting for a core. Never part of `make test`."""

from __future__ import annotations

import os
import sys
import time
from typing import Any
from urllib.parse import quote_plus

from bench.web import ENGINEER, environment

WORDS = ("payment", "платежи", "images upgrade")


def main() -> None:
    os.environ.update(environment(sys.argv[1], 8799))
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from desk.accounts.models import User
    from desk.tickets.models import OPEN_STATUSES, Ticket

    def client(email: str) -> Client:
        signed_in = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
        signed_in.force_login(User.objects.get(email=email))
        return signed_in

    engineer, customer = client(ENGINEER), client("customer0@seed.example")
    newest = Ticket.objects.filter(status__in=OPEN_STATUSES).order_by("-id")
    ticket_id = newest.values_list("id", flat=True)[0]
    pages: list[tuple[str, Client, str]] = [
        ("console queue: all open", engineer, "/console/?view=all"),
        ("console queue: one department", engineer, "/console/?department=customer-service"),
        ("console queue: mine", engineer, "/console/?view=mine"),
        ("request view (console)", engineer, f"/console/requests/{ticket_id}/"),
        ("customer requests list", customer, "/requests/"),
    ]
    for word in WORDS:
        pages.append(
            (f"search (console) {word}", engineer, f"/console/search/?q={quote_plus(word)}")
        )
        pages.append(
            (f"search (portal) {word}", customer, f"/requests/search/?q={quote_plus(word)}")
        )
        pages.append(
            (f"search (API) {word}", engineer, f"/api/console/search?q={quote_plus(word)}")
        )
    print(f"{'page':40} {'wall ms':>8} {'CPU ms':>8} {'SQL ms':>8} {'queries':>8}")
    for name, signed_in, path in pages:
        status = signed_in.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        best: tuple[float, float, float, list[dict[str, Any]]] | None = None
        for _ in range(3):
            connection.force_debug_cursor = True
            reset_queries()
            started, cpu = time.perf_counter(), time.process_time()
            signed_in.get(path)
            wall = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
            queries = list(connection.queries)
            connection.force_debug_cursor = False
            sql = sum(float(q["time"]) for q in queries) * 1000
            if best is None or wall < best[0]:
                best = (wall, cpu, sql, queries)
        assert best is not None
        wall, cpu, sql, queries = best
        print(f"{name:40} {wall:8.1f} {cpu:8.1f} {sql:8.1f} {len(queries):8d}")
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:1]:
            if float(query["time"]) >= 0.02:
                print(f"    slowest {float(query['time']) * 1000:.0f} ms: {query['sql'][:140]}")
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""CPU per search at scale (issue 11): `python -m bench.search_cpu DATABASE_URL [N] [--words
"a,b c"]` on a seeded database. The requests search as the console and the portal (for
`customer0@seed.example`) issue it, in-process: after one warm-up, N searches of each word
(default 40), and for each the Python CPU time (`time.process_time`) and the CPU time of the
PostgreSQL backend serving them (utime + stime of `/proc/<pid>/stat`: the server must run on
this machine), per search. CPU time, unlike wall time, does not grow with the load of the other
processes sharing the cores. Read-only. Never part of `make test`."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.search_plans import CUSTOMER, words
from bench.web import environment


def main() -> None:
    os.environ.update(environment(sys.argv[1], 8799))
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 40
    import django

    django.setup()
    from django.db import connection

    from desk.accounts.models import User
    from desk.tickets import text_search
    from desk.tickets.selectors import tickets_of_customer

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])

    def backend_cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    customer = User.objects.get(email=CUSTOMER)
    ways: dict[str, Callable[[str], object]] = {
        "console": lambda q: text_search.search_requests(
            query=q, tickets=text_search.tickets_for_search(), customer=None
        ),
        "portal": lambda q: text_search.search_requests(
            query=q, tickets=tickets_of_customer(customer, status=None), customer=customer
        ),
    }
    for way, search in ways.items():
        for word in words():
            search(word)
            python, postgres = time.process_time(), backend_cpu()
            for _ in range(rounds):
                search(word)
            python = (time.process_time() - python) / rounds * 1000
            postgres = (backend_cpu() - postgres) / rounds * 1000
            print(f"{way:8} {word!r:18} Python {python:6.2f} ms, PostgreSQL {postgres:6.2f} ms")
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

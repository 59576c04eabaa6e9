"""SQLite family: write contention (issue 14).

On SQLite one writer holds the database at a time; a second writer that upgrades a read
transaction, or waits past its busy timeout, fails with "database is locked" — a 500 for the
person who pressed the button (RT and osTicket users on SQLite/MyISAM-style locking reported
exactly that under load). Eight threads write for 30 s through the real request stack — customers
open requests and reply, engineers answer, customers buy, staff confirm payments — and not one
answer may be an error, nor any log line say the database was locked. Then the database must
hold exactly what the answers promised.
"""

from __future__ import annotations

import logging
import os
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from desk.accounts import services as account_services
from desk.accounts.models import User
from desk.billing.models import Order, OrderStatus
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets.models import Message, Ticket
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

SECONDS = float(os.environ.get("DESK_CONTENTION_SECONDS", "30"))
PASSWORD = "Contention-test-2025-long"

pytestmark = [
    pytest.mark.long,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]


@dataclass
class Tally:
    """What the writers saw, shared under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)  # ticket ids answered as opened
    customer_replies: list[str] = field(default_factory=list)
    engineer_replies: list[str] = field(default_factory=list)
    placed: list[int] = field(default_factory=list)  # order ids answered as placed
    paid: list[int] = field(default_factory=list)

    def record(self, role: str, response, started: float) -> bool:
        elapsed = time.monotonic() - started
        body = response.content if not response.streaming else b""
        ok = response.status_code < 400 and b"database is locked" not in body
        with self.lock:
            self.answers[(role, response.status_code)] += 1
            self.latencies[role].append(elapsed)
            if not ok:
                self.failures.append(f"{role}: {response.status_code} {body[:200]!r}")
        return ok


class LockedLog(logging.Handler):
    """Every log record, at any level, that mentions a locked database."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage() + (str(record.exc_info[1]) if record.exc_info else "")
        if "locked" in text.lower():
            self.records.append(text[:300])


def location_id(response, pattern: str) -> int:
    match = re.search(pattern, response["Location"])
    assert match, response["Location"]
    return int(match.group(1))


def customer_loop(user: User, store_id: int, tally: Tally, until: float) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    n = 0
    while time.monotonic() < until:
        n += 1
        marker = f"{user.pk}-{n}"
        started = time.monotonic()
        opened = client.post(
            "/requests/new/",
            {
                "store": store_id,
                "subject": f"Contention {marker}",
                "body": f"Body {marker}",
                "category": "troubleshooting",
                "language": "en",
            },
        )
        if not tally.record("open request", opened, started) or opened.status_code != 302:
            continue
        ticket_id = location_id(opened, r"/requests/(\d+)/$")
        with tally.lock:
            tally.opened.append(ticket_id)
        started = time.monotonic()
        reply = client.post(f"/requests/{ticket_id}/reply/", {"body": f"Follow-up {marker}"})
        if tally.record("customer reply", reply, started) and reply.status_code == 302:
            with tally.lock:
                tally.customer_replies.append(f"Follow-up {marker}")


def engineer_loop(user: User, tally: Tally, until: float) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    n = 0
    while time.monotonic() < until:
        with tally.lock:
            ticket_id = random.choice(tally.opened) if tally.opened else None
        if ticket_id is None:
            time.sleep(0.05)
            continue
        n += 1
        body = f"Answer {user.pk}-{n}"
        started = time.monotonic()
        reply = client.post(f"/console/requests/{ticket_id}/reply/", {"body": body, "status": ""})
        if tally.record("engineer reply", reply, started) and reply.status_code == 302:
            with tally.lock:
                tally.engineer_replies.append(body)


def buyer_loop(user: User, tally: Tally, until: float) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    while time.monotonic() < until:
        started = time.monotonic()
        placed = client.post("/buy/incident-normal/", {"quantity": 1, "provider": "offline"})
        if tally.record("place order", placed, started) and placed.status_code == 302:
            with tally.lock:
                tally.placed.append(location_id(placed, r"/orders/(\d+)/$"))


def staff_loop(user: User, tally: Tally, until: float) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    while time.monotonic() < until:
        with tally.lock:
            waiting = [pk for pk in tally.placed if pk not in tally.paid]
        if not waiting:
            time.sleep(0.05)
            continue
        started = time.monotonic()
        order = Order.objects.get(pk=waiting[0])
        paid_on = timezone.localdate(order.created_at, ZoneInfo(user.time_zone))
        marked = client.post(
            f"/console/orders/{waiting[0]}/mark-paid/",
            {"amount": str(order.amount), "received_on": paid_on.isoformat()},
        )
        if tally.record("mark paid", marked, started) and marked.status_code == 302:
            with tally.lock:
                tally.paid.append(waiting[0])


def guarded(tally: Tally, loop: Callable[..., None], *args: object) -> threading.Thread:
    """A writer thread; a crash of the load itself fails the test loudly."""

    def run() -> None:
        try:
            loop(*args)
        except Exception as exc:
            with tally.lock:
                tally.failures.append(f"{loop.__name__} crashed: {exc!r}")
        finally:
            connection.close()

    return threading.Thread(target=run, name=loop.__name__)


def people() -> tuple[list[tuple[User, int]], list[User], list[User], User]:
    customers = []
    for i in range(3):
        user = account_services.register_customer(
            email=f"writer{i}@example.com", password=PASSWORD, full_name=f"Writer {i}"
        )
        store = store_services.add_store(customer=user, url=f"writer-{i}.example")
        paid_order(user, "subscription-1y", store=store)
        customers.append((user, store.pk))
    buyers = [
        account_services.register_customer(
            email=f"buyer{i}@example.com", password=PASSWORD, full_name=f"Buyer {i}"
        )
        for i in range(2)
    ]
    engineers = [
        account_services.create_engineer(
            email=f"answerer{i}@supportdesk.example",
            password=PASSWORD,
            full_name=f"Answerer {i}",
            department_codes=["technical-support"],
        ).user
        for i in range(2)
    ]
    staff = User.objects.create_superuser(email="cashier@supportdesk.example", password=PASSWORD)
    return customers, engineers, buyers, staff


def test_eight_writers_for_thirty_seconds_never_meet_a_locked_database():
    if connection.vendor != "sqlite":
        reason = "SQLite contention runs in the SQLite suite; this suite is on " + connection.vendor
        print(reason)  # noqa: T201 — shown with -s and in CI's log beside the skip summary
        pytest.skip(reason)
    # given three customers with subscribed stores, two buyers, two engineers and a cashier
    customers, engineers, buyers, staff = people()
    tickets_before, orders_before = Ticket.objects.count(), Order.objects.count()
    connections.close_all()
    tally, locked = Tally(), LockedLog()
    until = time.monotonic() + SECONDS
    threads = [
        guarded(tally, customer_loop, user, store, tally, until) for user, store in customers
    ]
    threads += [guarded(tally, engineer_loop, user, tally, until) for user in engineers]
    threads += [guarded(tally, buyer_loop, user, tally, until) for user in buyers]
    threads.append(guarded(tally, staff_loop, staff, tally, until))
    assert len(threads) == 8
    # when all eight write at once for SECONDS
    logging.getLogger().addHandler(locked)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
    finally:
        logging.getLogger().removeHandler(locked)
    report(tally)
    # then no answer was an error and nothing anywhere said the database was locked
    assert not any(thread.is_alive() for thread in threads)
    assert tally.failures == []
    assert locked.records == []
    # and every writer got through many times (the test really contended)
    assert {role for role, _status in tally.answers} == set(ROLES)
    assert sum(tally.answers.values()) >= 8 * SECONDS / 2
    # and the database holds exactly what the answers promised, nothing lost or doubled
    opened = Ticket.objects.filter(subject__startswith="Contention ")
    assert sorted(opened.values_list("pk", flat=True)) == sorted(tally.opened)
    assert Ticket.objects.count() == tickets_before + len(tally.opened)
    assert sorted(
        Message.objects.filter(body__startswith="Follow-up ").values_list("body", flat=True)
    ) == sorted(tally.customer_replies)
    assert sorted(
        Message.objects.filter(body__startswith="Answer ").values_list("body", flat=True)
    ) == sorted(tally.engineer_replies)
    assert Order.objects.count() == orders_before + len(tally.placed)
    paid = Order.objects.filter(pk__in=tally.placed, status=OrderStatus.PAID)
    assert sorted(paid.values_list("pk", flat=True)) == sorted(tally.paid)


ROLES = ("open request", "customer reply", "engineer reply", "place order", "mark paid")


def report(tally: Tally) -> None:
    """Counts and latencies, printed for the closing note (`pytest -s`)."""
    print(f"\nSQLite contention, 8 writer threads, {SECONDS:g} s:")  # noqa: T201
    for role in ROLES:
        times = sorted(tally.latencies.get(role, [0.0]))
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        statuses = {status: n for (name, status), n in tally.answers.items() if name == role}
        print(  # noqa: T201
            f"  {role:15} {len(times):5} answers {statuses}  "
            f"median {statistics.median(times) * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"max {times[-1] * 1000:6.0f} ms"
        )

"""An index drives every list query of the queue, a customer's requests and the expected reply
time, on SQLite and on PostgreSQL: the rows come out of the index in the list's order (no sort
step), so a page costs the same at a hundred requests and at a million.

On PostgreSQL a table this small would be read sequentially whatever its indexes, so the plans
are taken with sequential scans, bitmap scans and sorts priced out (`tests.plans.explain`): what
is asserted is that an index can hold the query and its order, which is what the planner picks
at scale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.accounts.models import Department
from desk.core import keyset
from desk.tickets import services
from desk.tickets.clock import expectations
from desk.tickets.clock.attainment import sla_attainment
from desk.tickets.selectors import (
    CUSTOMER_KEYS,
    QUEUE_KEYS,
    status_counts_of_customer,
    tickets_for_queue,
    tickets_of_customer,
)
from desk.tickets.tests.builders import open_request
from tests.plans import explain

TICKETS = "tickets_ticket"


@pytest.fixture
def requests(alice, alice_store, alice_subscription, engineer_en, clock) -> list[Any]:
    opened = []
    for number in range(6):
        clock.advance(minutes=1)
        ticket = open_request(alice, alice_store, subject=f"r{number}", is_hotrush=number == 2)
        if number % 2:
            services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_en)
        if number == 3:  # 20 minutes later: a typical reply that lets the queue ahead count
            clock.advance(minutes=20)
            services.reply(ticket=ticket, engineer=engineer_en, body="Try this.")
        opened.append(ticket)
    return opened


def _selects(run: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip("(").startswith("SELECT")  # a UNION's parts are parenthesised
    ]


def assert_index_drives(
    sql: str, index: str, *, table: str = TICKETS, ordered: bool = True, postgres: str = ""
) -> None:
    """`table` is read through an index, in its order when `ordered` (no sort step). SQLite must
    pick `index` itself. PostgreSQL's choice between indexes follows statistics a table this
    small does not have: there an index whose name holds `postgres` (default: `index`) is
    asserted."""
    plan = explain(sql)
    if connection.vendor == "postgresql":
        assert "Seq Scan" not in plan, plan
        scans = [line for line in plan.splitlines() if f" on {table}" in line]
        assert scans, plan
        assert all("Index" in line and (postgres or index) in line for line in scans), plan
        if ordered:
            assert "Sort" not in plan, plan
    else:
        assert index in plan, plan
        assert f"SCAN {table}\n" not in plan + "\n", plan
        if ordered:
            assert "TEMP B-TREE" not in plan, plan


def _page_queries(queryset: Any, order: keyset.KeyOrder, size: int = 2) -> list[str]:
    """The queries of the first page and of the page after it (through a cursor)."""
    first = keyset.keyset_page(queryset, order, None, size)
    assert first.next_cursor is not None
    return [
        *_selects(lambda: keyset.keyset_page(queryset, order, None, size)),
        *_selects(lambda: keyset.keyset_page(queryset, order, first.next_cursor, size)),
    ]


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "ticket_open_queue_idx"),
        ({"view": "new"}, "ticket_open_queue_idx"),
        ({"view": "mine"}, "ticket_open_assignee_idx"),
        ({"department": "technical-support"}, "ticket_open_department_idx"),
        ({"status": "new"}, "ticket_open_queue_idx"),
    ],
)
def test_an_index_drives_every_queue_page(requests, engineer_en, filters, index):
    queue = tickets_for_queue(engineer=engineer_en, **filters)

    queries = _page_queries(queue, QUEUE_KEYS)

    assert len(queries) >= 2
    for sql in queries:
        assert_index_drives(sql, index, postgres="ticket_open_")


def test_an_index_drives_the_queue_count(requests, engineer_en):
    queue = tickets_for_queue(engineer=engineer_en, department="technical-support")

    [sql] = _selects(lambda: keyset.bounded_count(queue))

    # the department's open-queue index, or the backlog's covering one (department, status)
    assert_index_drives(sql, "ticket_open_", ordered=False, postgres="ticket")


def test_an_index_drives_the_customer_pages(requests, alice):
    for sql in _page_queries(tickets_of_customer(alice), CUSTOMER_KEYS):
        assert_index_drives(sql, "ticket_customer_idx")


def test_the_customer_status_counts_read_only_their_index(requests, alice):
    # the portal's status tabs and its page count come from one grouped count
    [sql] = _selects(lambda: status_counts_of_customer(alice))

    assert_index_drives(sql, "ticket_customer_status_idx", ordered=False)
    if connection.vendor == "postgresql":  # the index holds the answer: no row is visited
        assert "Index Only Scan" in explain(sql)


def test_indexes_drive_the_expected_reply_time(requests, engineer_en):
    # given: an outcome recorded (r3 was answered), and a request owed a reply
    ticket = requests[4]
    assert ticket.reply_due_at is not None

    # when
    queries = _selects(lambda: expectations.for_ticket(ticket))

    # then: the requests ahead are counted over the department's open-queue index, and the
    # recent outcomes come from the department's maintained row, by its key: neither the
    # outcomes nor the history are read
    ahead = next(sql for sql in queries if "COUNT(" in sql and TICKETS in sql)
    # counted only as far as it can move the estimate, and not sorted first
    assert "LIMIT" in ahead
    assert "ORDER BY" not in ahead
    assert_index_drives(ahead, "ticket_open_department_idx", ordered=False, postgres="ticket")
    [recent] = [sql for sql in queries if "tickets_recentreplies" in sql]
    assert_index_drives(
        recent,
        "sqlite_autoindex_tickets_recentreplies_1",  # its primary key
        table="tickets_recentreplies",
        ordered=False,
        postgres="tickets_recentreplies_pkey",
    )
    assert not any("tickets_replyoutcome" in sql for sql in queries)
    assert not any("tickets_ticketevent" in sql for sql in queries)


def test_the_department_filter_needs_no_join(requests, engineer_en):
    # the department is resolved by a subquery on its code: the ticket index is walked directly
    technical = Department.objects.get(code="technical-support")
    queue = tickets_for_queue(engineer=engineer_en, department=technical.code)

    assert [t.department_id for t in queue] == [technical.pk] * len(requests)


def test_an_index_drives_the_sla_attainment_report(requests):
    # given: an outcome recorded (r3 was answered)
    now = requests[-1].created_at

    # when
    queries = _selects(
        lambda: sla_attainment(
            since=now - timedelta(days=7), until=now + timedelta(days=7), zone=UTC
        )
    )

    # then: one grouped query reads the whole quarter hours from the tally's key and the partial
    # ones at the edges through the outcomes' due-time index, never the history events
    [grouped] = [sql for sql in queries if "tickets_outcometally" in sql]
    assert_index_drives(
        grouped,
        "autoindex_tickets_outcometally",
        table="tickets_outcometally",
        ordered=False,
        postgres="outcome_tally_key",
    )
    assert_index_drives(
        grouped, "reply_outcome_due_idx", table="tickets_replyoutcome", ordered=False
    )
    # department requests (no plan) are read through an index that holds only them: their own
    # partial one on PostgreSQL; SQLite, without statistics, prefers the plan key's NULL entries
    [policy] = [sql for sql in queries if "tickets_replyoutcome" in sql and "IS NULL" in sql]
    assert_index_drives(
        policy,
        "tickets_replyoutcome_plan_id",
        table="tickets_replyoutcome",
        ordered=False,
        postgres="reply_outcome_policy_idx",
    )
    assert not any("tickets_ticketevent" in sql for sql in queries)

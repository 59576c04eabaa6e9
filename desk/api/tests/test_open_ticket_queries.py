"""Opening a request through the API runs a fixed number of statements (issue 11: creation was
too slow, most of its CPU Django compiling statements). The test's transaction never commits, so
no after-commit task runs here (in production they are one INSERT:
desk/tickets/tests/test_open_ticket_tasks.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.tickets.models import Ticket
from desk.tickets.scope import Category
from desk.tickets.tests.builders import next_moscow

MONDAY = 0
NEW_REQUEST = {
    "subject": "Checkout shows a PHP warning",
    "body": "Since yesterday the checkout page shows 'Undefined index'.",
    "category": Category.PHP_MYSQL,
}
# session, user, store, department; the transaction (a savepoint here): subscription, policies,
# the request, usage and the fair-use count, message, created event and backlog change, search
# rows; routing (engineers, schedules, support calendar, the candidate lock, loads, assigned
# event, the request's assignee); the receipt (a bounce and the caps in one statement, its row
# in a savepoint), webhook endpoints; the answer: the recent replies row and the count ahead
# (the engineers and their shifts as routing read them). SQLite also fills its FTS table (one
# statement). One more of each before the engineers were shared (and 500 outcomes were read
# instead of one row), and before the bounce was asked with the caps.
OPEN_QUERIES = {"postgresql": 29, "sqlite": 30}


def test_opening_a_request_runs_a_fixed_number_of_queries(
    as_alice, alice, alice_store, alice_subscription, engineer_en, clock, settings
):
    # given: routing on, Erin on shift (routing assigns), shift calendars built once
    settings.DESK_ROUTING_ENABLED = True
    clock.current = next_moscow(MONDAY, 10)
    as_alice.post_json("/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk})

    # when
    with CaptureQueriesContext(connection) as captured:
        status, body = as_alice.post_json(
            "/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk}
        )

    # then
    assert status == 201
    assert body["expected_reply_at"] is not None
    assert Ticket.objects.get(pk=body["id"]).assignee == engineer_en
    assert len(captured.captured_queries) == OPEN_QUERIES[connection.vendor]

"""Requests to a department that answers without an entitlement (Customer Service, Sales),
through the API: opened by a signed-in customer, listed and read with no store."""

from __future__ import annotations

import pytest

from desk.accounts.models import Department
from desk.tickets.models import Ticket

NEW = {"department": "customer-service", "subject": "Invoice address", "body": "Please fix it."}


def test_a_customer_opens_a_department_request_without_buying_anything(as_alice, alice, row_counts):
    # given alice has no subscription and no credit
    before = row_counts()
    # when
    status, body = as_alice.post_json("/api/tickets/department", NEW)
    # then
    assert status == 201, body
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.customer == alice
    assert ticket.department.code == "customer-service"
    assert ticket.store is None
    assert body["store_id"] is None
    assert body["store_url"] == ""
    assert body["department"] == "customer-service"
    assert body["entitlement_kind"] == "none"
    assert body["reply_due_at"] is not None
    assert body["language"] == alice.language
    after = row_counts()
    assert after["credit_entries"] == before["credit_entries"]
    assert after["usage"] == before["usage"]
    assert after["tickets"] == before["tickets"] + 1


def test_department_requests_are_listed_and_read_beside_store_requests(as_alice):
    _, opened = as_alice.post_json("/api/tickets/department", {**NEW, "language": "ru"})
    # when
    status, listed = as_alice.get_json("/api/tickets")
    # then
    assert status == 200
    mine = [row for row in listed["items"] if row["id"] == opened["id"]]
    assert mine[0]["store_id"] is None
    assert mine[0]["language"] == "ru"
    assert as_alice.get_json(f"/api/tickets/{opened['id']}")[0] == 200


@pytest.mark.parametrize(
    ("department", "status", "code"),
    [
        ("technical-support", 402, "department_needs_entitlement"),
        ("no-such-department", 400, "invalid_department"),
    ],
)
def test_a_department_that_cannot_take_it_is_refused_and_nothing_opens(
    as_alice, department, status, code
):
    before = Ticket.objects.count()
    answer = as_alice.post_json("/api/tickets/department", {**NEW, "department": department})
    assert answer[0] == status
    assert answer[1]["code"] == code
    assert Ticket.objects.count() == before


def test_bad_input_is_a_clear_error_and_opens_nothing(as_alice, anonymous):
    before = Ticket.objects.count()
    status, body = as_alice.post_json("/api/tickets/department", {**NEW, "subject": ""})
    assert (status, body["code"]) == (400, "invalid_subject")
    status, body = as_alice.post_json("/api/tickets/department", {**NEW, "department": "a b"})
    assert (status, body["code"]) == (422, "invalid_input")
    assert as_alice.post_json("/api/tickets/department", {**NEW, "body": 5})[0] == 422
    assert anonymous.post_json("/api/tickets/department", NEW)[0] in (401, 403)
    assert Ticket.objects.count() == before
    assert Department.objects.filter(code="customer-service").exists()


def test_engineers_read_department_requests_in_the_console_api(as_alice, as_engineer):
    _, opened = as_alice.post_json("/api/tickets/department", NEW)
    # when
    status, one = as_engineer.get_json(f"/api/console/tickets/{opened['id']}")
    queue_status, queue = as_engineer.get_json("/api/console/queue", view="all")
    # then
    assert status == 200
    assert one["store_id"] is None
    assert queue_status == 200
    assert opened["id"] in [row["id"] for row in queue["items"]]

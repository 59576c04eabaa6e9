"""API: the customer gives server access details; the assignee reveals them, logged, no-store."""

from __future__ import annotations

import json

import pytest

from desk.accounts.tests.second_factor import with_second_factor
from desk.tickets import services
from desk.tickets.models import EventKind, ServerAccess, ServerAccessView, Status, TicketEvent
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request

SECRET = "PLAINTEXT-PASSWORD-9d2c"
DETAILS = {"host": "203.0.113.7", "protocol": "ssh", "username": "root", "secret": SECRET}


@pytest.fixture
def installation(alice, alice_store, alice_subscription):
    return open_request(alice, alice_store, category=Category.INSTALLATION)


def give(client, ticket, details=DETAILS):
    return client.post_json(f"/api/tickets/{ticket.pk}/server-access", details)


def reveal(client, ticket):
    return client.post(f"/api/console/tickets/{ticket.pk}/server-access/reveal")


def test_customer_gives_details_and_never_gets_them_back(as_alice, installation):
    # given Alice's installation request
    # when she gives details over the API
    status, body = give(as_alice, installation)
    # then they are stored, and the answer is only when
    assert status == 200
    assert set(body) == {"provided_at"}
    assert ServerAccess.objects.filter(ticket=installation).count() == 1


def test_customer_b_gets_404(as_bob, installation):
    # given Alice's installation request
    # when Bob gives details on it / then not found, nothing stored
    status, body = give(as_bob, installation)
    assert (status, body["code"]) == (404, "ticket_not_found")
    assert ServerAccess.objects.count() == 0


def test_non_installation_request_is_refused(as_alice, alice, alice_store, alice_subscription):
    # given Alice's request about PHP
    ticket = open_request(alice, alice_store)
    # when she gives details / then refused with its code, nothing stored
    status, body = give(as_alice, ticket)
    assert (status, body["code"]) == (400, "server_access_not_applicable")
    assert ServerAccess.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"host": "x" * 501}, 400, "invalid_server_access"),
        ({"secret": "x" * 10_001}, 400, "invalid_server_access"),
        ({"host": "shop\x00example"}, 422, "invalid_input"),
        ({"secret": "a\x00b"}, 422, "invalid_input"),
        ({"protocol": "telnet"}, 400, "invalid_server_access"),
        ({"host": 42}, 422, "invalid_input"),
        ({"secret": "x" * 200_000}, 422, "invalid_input"),
    ],
    ids=["long host", "long secret", "NUL host", "NUL secret", "protocol", "host number", "huge"],
)
def test_bad_input_is_refused_and_nothing_stored(as_alice, installation, change, status, code):
    # given Alice's installation request
    # when she gives spoilt details / then refused with a code, nothing stored
    answer, body = give(as_alice, installation, {**DETAILS, **change})
    assert (answer, body["code"]) == (status, code)
    assert SECRET not in str(body)
    assert ServerAccess.objects.count() == 0


def test_assignee_reveals_with_no_store_and_each_reveal_is_logged(
    as_alice, as_engineer, installation, engineer_en, staff_admin
):
    with_second_factor(as_engineer, engineer_en.user)
    # given details given, and the request assigned to the engineer
    give(as_alice, installation)
    services.assign(ticket=installation, actor=staff_admin, engineer=engineer_en)
    # when the engineer reveals twice
    first, second = reveal(as_engineer, installation), reveal(as_engineer, installation)
    # then both answer the details, never cached, and two views are logged with two events
    assert [first.status_code, second.status_code] == [200, 200]
    body = first.json()
    assert {k: body[k] for k in DETAILS} == DETAILS
    assert body["notes"] == ""
    assert "no-store" in first["Cache-Control"]
    assert ServerAccessView.objects.filter(ticket=installation).count() == 2
    kinds = TicketEvent.objects.filter(ticket=installation, kind=EventKind.SECRET_VIEWED)
    assert kinds.count() == 2


def test_unassigned_reveal_is_403(as_alice, as_engineer, installation, engineer_en):
    with_second_factor(as_engineer, engineer_en.user)
    # given details given on an unassigned request
    give(as_alice, installation)
    # when the engineer reveals / then 403 with its code, nothing logged
    response = reveal(as_engineer, installation)
    assert (response.status_code, response.json()["code"]) == (403, "server_access_assign_first")
    assert ServerAccessView.objects.count() == 0


@pytest.mark.parametrize("who", ["as_alice", "as_bob"])
def test_customers_cannot_reveal(who, as_alice, installation, engineer_en, staff_admin, request):
    # given details given and the request assigned
    give(as_alice, installation)
    services.assign(ticket=installation, actor=staff_admin, engineer=engineer_en)
    # when a customer calls the console reveal / then 404, nothing logged
    response = reveal(request.getfixturevalue(who), installation)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ServerAccessView.objects.count() == 0


def test_reveal_after_closing_is_wiped(
    as_alice, as_engineer, installation, engineer_en, staff_admin
):
    with_second_factor(as_engineer, engineer_en.user)
    # given details given, the request assigned, then closed
    give(as_alice, installation)
    services.assign(ticket=installation, actor=staff_admin, engineer=engineer_en)
    services.change_status(ticket=installation, actor=engineer_en.user, status=Status.CLOSED)
    # when the engineer reveals / then 410 `server_access_wiped`; giving new details is refused
    response = reveal(as_engineer, installation)
    assert (response.status_code, response.json()["code"]) == (410, "server_access_wiped")
    status, body = give(as_alice, installation)
    assert (status, body["code"]) == (409, "server_access_request_not_open")


def test_reveal_without_a_two_factor_session_is_403(
    as_alice, as_engineer, installation, engineer_en, staff_admin
):
    give(as_alice, installation)
    services.assign(ticket=installation, actor=staff_admin, engineer=engineer_en)
    response = reveal(as_engineer, installation)
    assert (response.status_code, response.json()["code"]) == (403, "two_factor_required")
    assert ServerAccessView.objects.count() == 0


def test_self_assigned_reveal_takes_a_reason_the_customer_sees(
    as_alice, as_engineer, installation, engineer_en
):
    with_second_factor(as_engineer, engineer_en.user)
    give(as_alice, installation)
    as_engineer.post(
        f"/api/console/tickets/{installation.pk}/assign",
        json.dumps({"engineer_id": engineer_en.pk}),
        content_type="application/json",
    )
    refused = reveal(as_engineer, installation)
    allowed = as_engineer.post(
        f"/api/console/tickets/{installation.pk}/server-access/reveal",
        json.dumps({"reason": "Installing the payment module"}),
        content_type="application/json",
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "server_access_reason_required")
    assert allowed.status_code == 200
    assert ServerAccessView.objects.get().reason == "Installing the payment module"

"""The console's request page reads a fixed number of rows sets, however long the request's
story is (issue 11: at 1M requests a page must not grow with its messages, files or history)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Status, Ticket
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")

# session, user with engineer, request, presence UPDATE (in a savepoint here: the test holds a
# transaction), reply policies, messages, their files, history, draft, the customer's other
# requests, their stores, canned replies, assignable engineers, departments; quotes only on a
# request ruled out of scope, calls only on a Hotrush request
PAGE_QUERIES = 16


@pytest.fixture
def ticket(alice):
    paid_order(alice, "incident-normal")
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    return services.open_ticket(
        customer=alice,
        store=store,
        subject="Tax rates not applied",
        body="VAT is missing at checkout.",
        category=Category.CONFIGURATION,
        language="en",
    )


def grow(ticket: Ticket, engineer, other_engineer, numbers: range) -> None:
    """A note with a file and an assignment (a history row naming people) per number."""
    for n in numbers:
        services.add_note(
            ticket=ticket,
            engineer=engineer,
            body=f"Note number {n}",
            attachments=[SimpleUploadedFile(f"log-{n}.txt", b"trace", content_type="text/plain")],
        )
        services.assign(
            ticket=ticket, actor=engineer.user, engineer=other_engineer if n % 2 else engineer
        )


def page_queries(client, ticket: Ticket) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("console:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_page_reads_as_many_times_with_one_or_ten_of_everything(
    client, engineer_en, engineer_ru, ticket
):
    # given: one note with a file and one assignment, seen once (the first look stores presence)
    client.force_login(engineer_en.user)
    grow(ticket, engineer_en, engineer_ru, range(1))
    page_queries(client, ticket)
    with_one, _ = page_queries(client, ticket)
    # when: nine more of each
    grow(ticket, engineer_en, engineer_ru, range(1, 10))
    with_ten, content = page_queries(client, ticket)
    # then
    assert with_one == with_ten == PAGE_QUERIES
    assert [n for n in range(10) if f"Note number {n}" not in content] == []
    assert [n for n in range(10) if f"log-{n}.txt" not in content] == []


def test_a_second_look_updates_presence_in_one_statement(client, engineer_en, ticket):
    # given
    client.force_login(engineer_en.user)
    page_queries(client, ticket)
    # when
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("console:ticket", args=[ticket.pk]))
    # then: no transaction of its own, no locking read
    presence = [q["sql"] for q in queries if "replies_replypresence" in q["sql"]]
    assert len(presence) == 1
    assert presence[0].startswith("UPDATE")


def test_a_closed_request_reads_no_draft_and_builds_no_reply_forms(client, engineer_en, ticket):
    # given
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.CLOSED)
    client.force_login(engineer_en.user)
    page_queries(client, ticket)
    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("console:ticket", args=[ticket.pk]))
    # then: the panels a closed request hides are not prepared either
    assert response.status_code == 200
    assert not [q for q in queries if "replies_replydraft" in q["sql"]]
    # no draft, canned replies, assignable engineers or departments
    assert len(queries) == PAGE_QUERIES - 4
    for key in ("reply_form", "assign_form", "department_form", "status_form"):
        assert key not in response.context
    assert "note_form" in response.context


def test_a_request_without_hotrush_reads_no_calls(client, engineer_en, ticket):
    # given: an ordinary request (only a Hotrush request can have calls)
    client.force_login(engineer_en.user)
    page_queries(client, ticket)
    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("console:ticket", args=[ticket.pk]))
    # then: no calls read, no calls panel
    assert not [q for q in queries if "calls_call" in q["sql"]]
    assert "data-calls" not in response.content.decode()


def test_a_request_in_scope_reads_no_quotes(client, engineer_en, ticket):
    # given: a request not ruled out of scope (offering a quote rules it so)
    client.force_login(engineer_en.user)
    page_queries(client, ticket)
    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("console:ticket", args=[ticket.pk]))
    # then: no quotes read, the panel offers one
    assert not [q for q in queries if "billing_quote" in q["sql"]]
    assert 'action="{}"'.format(reverse("console:ticket_quote_offer", args=[ticket.pk])) in (
        response.content.decode()
    )

"""Search in the API: /api/tickets/search (own requests, no notes) and /api/console/search."""

from __future__ import annotations

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.tests.builders import open_request


def refs(body) -> list[str]:
    return [item["ticket"]["reference"] for item in body["items"]]


def test_customer_search_ranks_and_highlights(
    as_alice, alice, alice_store, alice_subscription, engineer_en
):
    # given
    weak = open_request(
        alice, alice_store, subject="Invoice question", body="A long message about several things."
    )
    strong = open_request(
        alice,
        alice_store,
        subject="Invoice invoice",
        body="The invoice total on the invoice is wrong",
    )
    services.add_note(ticket=weak, engineer=engineer_en, body="invoice invoice invoice noted")
    # when
    status, body = as_alice.get_json("/api/tickets/search", q="invoices")
    # then
    assert status == 200
    assert refs(body) == [strong.reference, weak.reference]
    assert (body["count"], body["count_is_exact"], body["page"], body["pages"]) == (2, True, 1, 1)
    first = body["items"][0]
    assert first["ticket"]["id"] == strong.pk
    assert {"text": "invoice", "match": True} in first["snippet"]
    assert all(set(fragment) == {"text", "match"} for fragment in first["snippet"])
    assert "noted" not in str(body)


def test_customer_never_gets_notes_or_other_customers(
    as_alice, as_bob, alice_ticket, bob, bob_store, bob_subscription, engineer_en
):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect Redis")
    bobs = open_request(bob, bob_store, subject="Zanzibar theme", body="Quixotic failure")
    for query in ("redis", "zanzibar", "quixotic", "bob@example.com"):
        status, body = as_alice.get_json("/api/tickets/search", q=query)
        assert (status, body["items"], body["count"]) == (200, [], 0), query
    assert refs(as_bob.get_json("/api/tickets/search", q="zanzibar")[1]) == [bobs.reference]


def test_console_search_sees_notes_and_filters(
    as_engineer, alice, alice_ticket, alice_store, engineer_en
):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect Redis")
    closed = open_request(alice, alice_store, subject="Redis cache question")
    services.change_status(ticket=closed, actor=alice, status=Status.CLOSED)
    status, body = as_engineer.get_json("/api/console/search", q="redis")
    assert status == 200
    assert sorted(refs(body)) == sorted([alice_ticket.reference, closed.reference])
    assert body["items"][0]["ticket"]["customer_email"] == "alice@example.com"
    note_hit = next(i for i in body["items"] if i["ticket"]["id"] == alice_ticket.pk)
    assert note_hit["in_message"] is True
    assert {"text": "Redis", "match": True} in note_hit["snippet"]
    _, only_closed = as_engineer.get_json("/api/console/search", q="redis", status="closed")
    assert refs(only_closed) == [closed.reference]
    _, russian = as_engineer.get_json("/api/console/search", q="redis", language="ru")
    assert russian["items"] == []


def test_console_search_is_for_engineers_only(as_alice, anonymous, alice_ticket):
    assert as_alice.get_json("/api/console/search", q="checkout")[0] == 404
    status, body = anonymous.get_json("/api/tickets/search", q="checkout")
    assert (status, body["code"]) == (401, "not_authenticated")


def test_russian_stemming(as_bob, bob, bob_store, bob_subscription):
    ticket = open_request(
        bob, bob_store, language="ru", subject="Платёж не проходит", body="Ошибка оплаты"
    )
    status, body = as_bob.get_json("/api/tickets/search", q="платежи")
    assert (status, refs(body)) == (200, [ticket.reference])
    assert {"text": "Платёж", "match": True} in body["items"][0]["snippet"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "search_query_empty"),
        ({"q": "  "}, "search_query_empty"),
        ({"q": "%%%"}, "search_query_empty"),
        ({"q": "x" * 5_000}, "search_query_too_long"),
        ({"q": "a b c d e f g h i j k l m"}, "search_query_too_many_words"),
        ({"q": "checkout", "status": "bogus"}, "invalid_status"),
    ],
)
def test_bad_queries_answer_400_with_a_code(as_alice, alice_ticket, params, code):
    status, body = as_alice.get_json("/api/tickets/search", **params)
    assert (status, body["code"]) == (400, code)
    assert body["message"]


def test_bad_paging_is_422(as_alice, alice_ticket):
    assert as_alice.get_json("/api/tickets/search", q="checkout", page=51)[0] == 422
    assert as_alice.get_json("/api/tickets/search", q="checkout", page_size=0)[0] == 422


def test_pages_and_fixed_query_count(as_alice, alice, alice_store, alice_subscription):
    for n in range(12):
        open_request(alice, alice_store, subject=f"Checkout glitch {n}")
    as_alice.get_json("/api/tickets/search", q="glitch")
    reset_queries()  # each request empties the log (request_started), so start from zero
    with CaptureQueriesContext(connection) as queries:
        status, first = as_alice.get_json("/api/tickets/search", q="glitch", page_size=5)
    # session + user, the page of hits, their snippets, the count, the requests
    # (+1 on PostgreSQL: the walk of the matches is planned without parallel workers)
    assert len(queries) == 5 + (connection.vendor == "postgresql")  # (read now: the next
    # request empties the log it slices)
    _, third = as_alice.get_json("/api/tickets/search", q="glitch", page_size=5, page=3)
    assert status == 200
    assert (len(first["items"]), first["count"], first["pages"]) == (5, 12, 3)
    assert len(third["items"]) == 2

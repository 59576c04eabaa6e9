"""The customer's "my requests" search: own requests only, never notes, escaped snippets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")
URL = reverse("portal:ticket_search")


def subscribed_store(customer, url):
    store = store_services.add_store(customer=customer, url=url)
    paid_order(customer, "subscription-1m", store=store)
    return store


def open_request(customer, store, subject, body="Details follow.", **extra):
    fields: dict[str, Any] = {"category": Category.PHP_MYSQL, "language": "en"}
    fields.update(extra)
    return services.open_ticket(
        customer=customer, store=store, subject=subject, body=body, **fields
    )


def refs(response) -> list[str]:
    results = response.context["results"]
    return [hit.ticket.reference for hit in results.hits] if results else []


@pytest.fixture
def alice_store(alice):
    return subscribed_store(alice, "alice-shop.example")


@pytest.fixture
def bob_store(bob):
    return subscribed_store(bob, "bob-shop.example")


def test_search_needs_sign_in(client):
    response = client.get(URL, {"q": "checkout"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_customer_finds_own_words_and_replies_but_not_notes(
    client, alice, alice_store, engineer_en
):
    ticket = open_request(alice, alice_store, "Checkout shows a warning")
    services.reply(ticket=ticket, engineer=engineer_en, body="Please purge the Varnish cache")
    services.add_note(ticket=ticket, engineer=engineer_en, body="Customer runs Memcached")
    client.force_login(alice)
    found = client.get(URL, {"q": "varnish"})
    assert refs(found) == [ticket.reference]
    assert "purge the <mark>Varnish</mark> cache" in found.content.decode()
    nothing = client.get(URL, {"q": "memcached"})
    assert refs(nothing) == []
    assert "Memcached" not in nothing.content.decode()
    assert "0 requests found" in nothing.content.decode()


def test_customer_never_finds_another_customers_words(
    client, alice, bob, alice_store, bob_store, engineer_en
):
    mine = open_request(alice, alice_store, "Checkout totals wrong")
    theirs = open_request(bob, bob_store, "Checkout Zanzibar theme", body="Quixotic failure")
    services.reply(ticket=theirs, engineer=engineer_en, body="Walrus plugin conflict")
    client.force_login(alice)
    for query in ("zanzibar", "quixotic", "walrus", "bob", "bob-shop.example"):
        response = client.get(URL, {"q": query})
        assert refs(response) == [], query
        assert "Zanzibar" not in response.content.decode()
    assert refs(client.get(URL, {"q": "checkout"})) == [mine.reference]
    client.force_login(bob)
    assert refs(client.get(URL, {"q": "checkout"})) == [theirs.reference]


def test_status_filter_combines_with_the_words(client, alice, alice_store):
    new = open_request(alice, alice_store, "Invoice template broken")
    closed = open_request(alice, alice_store, "Invoice numbering")
    services.change_status(ticket=closed, actor=alice, status=Status.CLOSED)
    client.force_login(alice)
    assert sorted(refs(client.get(URL, {"q": "invoice"}))) == sorted(
        [new.reference, closed.reference]
    )
    assert refs(client.get(URL, {"q": "invoice", "status": "closed"})) == [closed.reference]


def test_russian_stemming_and_page(client, bob, bob_store):
    ticket = open_request(
        bob, bob_store, "Платёж не проходит", language="ru", body="Платёж зависает"
    )
    client.force_login(bob)
    response = client.get(URL, {"q": "платежи"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert refs(response) == [ticket.reference]
    content = response.content.decode()
    assert "<mark>Платёж</mark>" in content
    assert "Найден 1 запрос" in content


def test_snippets_escape_markup(client, alice, alice_store):
    open_request(alice, alice_store, "Widget", body="<script>alert(1)</script> widget <b>x</b>")
    client.force_login(alice)
    content = client.get(URL, {"q": "widget"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "<b>x</b>" not in content
    assert "<mark>widget</mark>" in content or "<mark>Widget</mark>" in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Enter one or more words to search for."),
        ({}, "Enter one or more words to search for."),
        ({"q": "x" * 10_000}, "Search for at most 200 characters."),
        ({"q": "a b c d e f g h i j k l m"}, "Search for at most 12 words."),
        ({"q": "checkout", "page": "-1", "status": "bogus"}, None),
        ({"q": "checkout", "page": "9999999999999999999"}, None),
    ],
)
def test_bad_input_answers_200_with_a_message(client, alice, alice_store, params, message):
    open_request(alice, alice_store, "Checkout")
    client.force_login(alice)
    response = client.get(URL, params)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
        assert response.context["results"] is None
    else:
        assert response.context["error"] is None


def test_list_page_offers_the_search_box(client, alice, alice_store):
    client.force_login(alice)
    content = client.get(reverse("portal:tickets")).content.decode()
    assert f'action="{URL}"' in content


def test_fixed_number_of_queries(client, alice, alice_store):
    for n in range(25):
        open_request(alice, alice_store, f"Checkout glitch {n}")
    client.force_login(alice)
    client.get(URL, {"q": "glitch"})
    reset_queries()  # each request empties the log (request_started), so start from zero
    with CaptureQueriesContext(connection) as queries:
        first = client.get(URL, {"q": "glitch"})
    # session, user (with the engineer profile: none), hits, snippets, count, requests
    # (+1 on PostgreSQL: the walk of the matches is planned without parallel workers)
    assert len(queries) == 5 + (connection.vendor == "postgresql")
    assert len(refs(first)) == 20
    assert first.context["next_query"] == "q=glitch&page=2"
    assert len(refs(client.get(URL, {"q": "glitch", "page": "2"}))) == 5


def test_results_show_the_last_change_through_the_formatting_layer(client, bob, clock):
    # given a Russian customer in Yekaterinburg (UTC+5) whose request changed at 19:00 UTC
    clock.current = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)
    store = subscribed_store(bob, "bob-late.example")
    open_request(bob, store, "Checkout is slow", language="ru")
    client.force_login(bob)
    # when they search their requests
    content = client.get(URL, {"q": "checkout"}).content.decode()
    # then the moment reads in Russian, in their zone: the next day, 00:00
    assert "4 дек. 2026, 00:00" in content
    assert "04.12.2026" not in content

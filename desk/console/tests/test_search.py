"""Console search: engineers only, notes included, filters combine, escaped snippets."""

from __future__ import annotations

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.tests.builders import open_request

URL = reverse("console:search")


def refs(response) -> list[str]:
    results = response.context["results"]
    return [hit.ticket.reference for hit in results.hits] if results else []


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_search_is_404_for_everyone_but_engineers(client, alice, alice_ticket, who):
    if who == "customer":
        client.force_login(alice)
    assert client.get(URL, {"q": "checkout"}).status_code == 404


def test_engineer_finds_subject_message_and_note_with_highlights(client, alice_ticket, engineer_en):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect the Redis plugin")
    client.force_login(engineer_en.user)
    response = client.get(URL, {"q": "redis"})
    assert response.status_code == 200
    assert refs(response) == [alice_ticket.reference]
    content = response.content.decode()
    assert "Suspect the <mark>Redis</mark> plugin" in content
    assert "1 request found" in content


def test_filters_combine_with_the_words(client, alice, alice_ticket, alice_store, engineer_en):
    closed = open_request(alice, alice_store, subject="Checkout totals wrong")
    services.change_status(ticket=closed, actor=alice, status=Status.CLOSED)
    client.force_login(engineer_en.user)
    both = client.get(URL, {"q": "checkout"})
    assert sorted(refs(both)) == sorted([alice_ticket.reference, closed.reference])
    assert refs(client.get(URL, {"q": "checkout", "status": "closed"})) == [closed.reference]
    assert refs(client.get(URL, {"q": "checkout", "status": "new"})) == [alice_ticket.reference]
    assert refs(client.get(URL, {"q": "checkout", "language": "ru"})) == []
    assert refs(client.get(URL, {"q": "checkout", "department": "sales"})) == []
    # an unknown filter value means "any", never an error
    assert len(refs(client.get(URL, {"q": "checkout", "status": "bogus"}))) == 2


def test_markup_in_requests_is_escaped(client, alice, alice_store, alice_subscription, engineer_en):
    open_request(
        alice,
        alice_store,
        subject="Broken <img src=x onerror=alert(1)> widget",
        body="<script>alert('x')</script> widget",
    )
    client.force_login(engineer_en.user)
    content = client.get(URL, {"q": "widget"}).content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<mark>widget</mark>" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter one or more words to search for."),
        ("?!*", "Enter one or more words to search for."),
        ("x" * 5000, "Search for at most 200 characters."),
    ],
)
def test_bad_input_shows_a_message_not_an_error(client, alice_ticket, engineer_en, query, message):
    client.force_login(engineer_en.user)
    response = client.get(URL, {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None


def test_russian_page(client, bob, bob_store, bob_subscription, engineer_ru):
    open_request(bob, bob_store, language="ru", subject="Платёж не проходит", body="Ошибка")
    client.force_login(engineer_ru.user)
    response = client.get(URL, {"q": "платежи"}, HTTP_ACCEPT_LANGUAGE="ru")
    content = response.content.decode()
    assert "<mark>Платёж</mark>" in content
    assert "Найдено запросов: 1" in content or "Найден 1 запрос" in content


def test_pages_and_fixed_query_count(client, alice, alice_store, alice_subscription, engineer_en):
    for n in range(25):
        open_request(alice, alice_store, subject=f"Checkout glitch {n}")
    client.force_login(engineer_en.user)
    client.get(URL, {"q": "glitch"})  # warm the session and caches
    reset_queries()  # each request empties the log (request_started), so start from zero
    with CaptureQueriesContext(connection) as queries:
        first = client.get(URL, {"q": "glitch"})
    # session, user with engineer, departments of the form, hits, snippets, count, requests
    # (+2 on PostgreSQL: the newest bucket of ids is read first, and the walk of the matches is
    # planned without parallel workers)
    assert len(queries) == 6 + 2 * (connection.vendor == "postgresql")
    second = client.get(URL, {"q": "glitch", "page": "2"})
    assert len(refs(first)) == 20
    assert len(refs(second)) == 5
    assert not set(refs(first)) & set(refs(second))
    assert first.context["next_query"] == "q=glitch&page=2"
    assert second.context["next_query"] is None

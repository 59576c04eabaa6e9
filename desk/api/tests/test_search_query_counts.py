"""Search answers in a number of queries that does not grow with the requests, messages and notes
it searches: the console page, the portal's "my requests" and both API operations, measured with
a few requests and again with many more."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.tickets import services
from desk.tickets.tests.builders import open_request


def counted(call: Callable[[], object]) -> int:
    call()  # warm the session and caches
    reset_queries()  # each request empties the log (request_started), so start from zero
    with CaptureQueriesContext(connection) as queries:
        call()
        return len(queries)


def test_search_query_counts_do_not_grow_with_the_data(
    client, as_alice, as_engineer, alice, alice_store, alice_subscription, engineer_en
):
    # given a few matching requests, and the four ways to search them
    client.force_login(engineer_en.user)
    portal = Client()
    portal.force_login(alice)
    ways: dict[str, Callable[[], object]] = {
        "console page": lambda: client.get(reverse("console:search"), {"q": "glitch"}),
        "portal page": lambda: portal.get(reverse("portal:ticket_search"), {"q": "glitch"}),
        "api customer": lambda: as_alice.get_json("/api/tickets/search", q="glitch"),
        "api console": lambda: as_engineer.get_json("/api/console/search", q="glitch"),
    }
    for n in range(3):
        open_request(alice, alice_store, subject=f"Checkout glitch {n}")
    few = {name: counted(way) for name, way in ways.items()}

    # when there are many more, with replies and notes that match too
    for n in range(30):
        ticket = open_request(alice, alice_store, subject=f"Cart glitch {n}")
        services.reply(ticket=ticket, engineer=engineer_en, body="Another glitch, fixed")
        services.add_note(ticket=ticket, engineer=engineer_en, body="glitch in the theme")
    many = {name: counted(way) for name, way in ways.items()}

    # then every way runs the same number of queries (each front door's own test pins its
    # number; what is asserted here is that it does not grow)
    assert many == few
    assert all(count > 0 for count in few.values())

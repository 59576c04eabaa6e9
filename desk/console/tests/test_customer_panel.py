"""Beside a request in the console: the customer's other requests and their stores, with each
store's subscription state, in a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.entitlements.models import Subscription
from desk.stores import services as store_services
from desk.tickets.tests.builders import open_request, pay_order

pytestmark = pytest.mark.usefixtures("media_root")

# The request page's whole budget (messages, history, quote and call panels, the new panel...).
PAGE_QUERIES = 30  # 23 when written


@pytest.fixture
def erin(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def _page(client, ticket):
    return client.get(reverse("console:ticket", args=[ticket.pk]))


def test_other_requests_and_stores_are_shown_with_subscription_state(
    erin, alice, bob, alice_ticket, alice_store, bob_ticket_store
):
    # given another store without subscription, one expired, and a request of Bob
    outlet = store_services.add_store(customer=alice, url="alice-outlet.example")
    old = store_services.add_store(customer=alice, url="alice-old.example")
    pay_order(alice, "subscription-1m", store=old)
    Subscription.objects.filter(store=old).update(
        starts_at=alice_ticket.created_at - timedelta(days=90),
        ends_at=alice_ticket.created_at - timedelta(days=60),
    )
    older = open_request(alice, alice_store, subject="Older request")
    open_request(bob, bob_ticket_store, subject="Bob's request")
    # when
    page = _page(erin, alice_ticket)
    # then
    html = page.content.decode()
    assert [t.pk for t in page.context["other_requests"]] == [older.pk]
    assert f'data-other-request="{alice_ticket.pk}"' not in html
    assert "Bob&#x27;s request" not in html
    states = {row.store.pk: row.state for row in page.context["customer_stores"]}
    assert states == {alice_store.pk: "active", outlet.pk: "none", old.pk: "expired"}
    assert f'data-customer-store="{outlet.pk}" data-subscription="none"' in html


@pytest.fixture
def bob_ticket_store(bob):
    store = store_services.add_store(customer=bob, url="bob-shop.example")
    pay_order(bob, "subscription-1m", store=store)
    return store


def test_queries_do_not_grow_with_requests_and_stores(
    erin, alice, alice_ticket, alice_store, django_assert_max_num_queries
):
    # given a page with nothing beside it
    with CaptureQueriesContext(connection) as alone:
        assert _page(erin, alice_ticket).context["other_requests"] == []
    # given many other requests and stores
    for number in range(8):
        store = store_services.add_store(customer=alice, url=f"alice-{number}.example")
        pay_order(alice, "subscription-1m", store=store)
        open_request(alice, store, subject=f"Request {number}")
    # when, then: the same budget, and only the latest five requests
    with django_assert_max_num_queries(PAGE_QUERIES), CaptureQueriesContext(connection) as busy:
        page = _page(erin, alice_ticket)
    assert len(busy) <= len(alone)  # a first visit also creates the presence row
    assert len(page.context["other_requests"]) == 5
    assert page.context["more_requests"] is True
    assert len(page.context["customer_stores"]) == 9

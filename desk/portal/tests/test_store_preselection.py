"""Which store a form starts with (issue 12): the new request a store that is covered, the
checkout a store that is not; "A new store" only for a customer without stores."""

from __future__ import annotations

import re

from django.urls import reverse

from desk.stores import services as store_services
from desk.tickets.tests.builders import pay_order

SELECTED = re.compile(r'<select name="store"[^>]*>.*?</select>', re.S)


def _selected_store(page: str) -> str | None:
    select = SELECTED.search(page)
    assert select is not None
    chosen = re.search(r'<option value="(\d*)"[^>]*selected', select.group(0))
    return chosen.group(1) if chosen else None


def test_new_request_starts_with_the_covered_store(client, alice):
    # given an uncovered store that sorts first and a store with a subscription
    store_services.add_store(customer=alice, url="a-uncovered.example")
    covered = store_services.add_store(customer=alice, url="b-covered.example")
    pay_order(alice, "subscription-1m", store=covered)
    client.force_login(alice)
    # when
    page = client.get(reverse("portal:ticket_new")).content.decode()
    # then the form and its coverage panel are about the covered store
    assert _selected_store(page) == str(covered.pk)
    assert 'data-coverage="subscription"' in page


def test_checkout_starts_with_a_store_no_subscription_covers(client, alice):
    # given a covered store that sorts first and an uncovered one
    covered = store_services.add_store(customer=alice, url="a-covered.example")
    pay_order(alice, "subscription-1m", store=covered)
    uncovered = store_services.add_store(customer=alice, url="b-uncovered.example")
    client.force_login(alice)
    # when
    page = client.get(reverse("portal:buy", args=["subscription-1y"])).content.decode()
    # then
    assert _selected_store(page) == str(uncovered.pk)


def test_checkout_names_the_store_asked_for(client, alice):
    store_services.add_store(customer=alice, url="a-shop.example")
    second = store_services.add_store(customer=alice, url="b-shop.example")
    client.force_login(alice)
    url = reverse("portal:buy", args=["subscription-1y"]) + f"?store={second.pk}"
    assert _selected_store(client.get(url).content.decode()) == str(second.pk)


def test_checkout_offers_a_new_store_to_a_customer_without_stores(client, alice):
    client.force_login(alice)
    page = client.get(reverse("portal:buy", args=["subscription-1y"])).content.decode()
    assert 'name="new_store_url"' in page
    assert re.search(r'<select name="store"', page) is None or _selected_store(page) in (None, "")

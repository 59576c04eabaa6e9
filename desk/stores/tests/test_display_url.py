"""Stores are shown as people write them (issue 12): an IDN host in Unicode, not
`xn--80aairftm.xn--p1ai` for магазин.рф; the canonical ASCII form stays the key."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.stores import services
from desk.stores.canonical import display_store_url


@pytest.mark.parametrize(
    ("canonical", "shown"),
    [
        ("shop.example", "shop.example"),
        ("xn--80aairftm.xn--p1ai", "магазин.рф"),
        ("xn--80aairftm.xn--p1ai/shop", "магазин.рф/shop"),
        ("xn--80aairftm.xn--p1ai:8080/shop", "магазин.рф:8080/shop"),
        ("xn--bcher-kva.example/kaufen", "bücher.example/kaufen"),
        ("[2001:db8::1]/shop", "[2001:db8::1]/shop"),
        ("xn--zz.example", "xn--zz.example"),  # not valid IDNA: shown as stored
    ],
)
def test_display_store_url(canonical, shown):
    assert display_store_url(canonical) == shown


def test_idn_store_is_shown_in_unicode_on_the_customers_pages(client, alice):
    # given
    store = services.add_store(customer=alice, url="https://www.пример.рф/shop/")
    client.force_login(alice)
    # when
    stores_page = client.get(reverse("portal:stores")).content.decode()
    new_request = client.get(reverse("portal:ticket_new")).content.decode()
    # then
    assert store.canonical_url == "xn--e1afmkfd.xn--p1ai/shop"
    assert "пример.рф/shop" in stores_page
    assert "xn--" not in stores_page
    assert "пример.рф/shop" in new_request


def test_a_store_without_a_subscription_says_so_in_words(client, alice):
    services.add_store(customer=alice, url="alice-shop.example")
    client.force_login(alice)
    page = client.get(reverse("portal:stores")).content.decode()
    assert '<span class="badge" data-subscription="none">No subscription</span>' in page
    assert ">None<" not in page

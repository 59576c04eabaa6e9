from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.billing.tests.factories import catalog_plan, store_of
from desk.entitlements.tests.factories import subscription_for
from desk.stores.models import Store

STORES = reverse("portal:stores")
ADD = reverse("portal:store_add")


@pytest.fixture
def as_alice(client, alice, password):
    client.login(email=alice.email, password=password)
    return client


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(STORES)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={STORES}"


def test_list_shows_only_own_stores(as_alice, alice, bob):
    store_of(alice, "alice-shop.example")
    store_of(bob, "bob-shop.example")

    content = as_alice.get(STORES).content.decode()

    assert "alice-shop.example" in content
    assert "bob-shop.example" not in content


def test_store_without_subscription_offers_to_buy_one(as_alice, alice):
    store = store_of(alice, "alice-shop.example")
    catalog_plan("subscription-1m")

    content = as_alice.get(STORES).content.decode()

    assert "Buy a subscription:" in content
    assert f'href="{reverse("portal:buy", args=["subscription-1m"])}?store={store.pk}"' in content


def test_active_subscription_shows_its_end_in_the_viewers_time_zone(as_alice, alice, monkeypatch):
    # given a month bought on Jan 31 at 09:00 UTC; Alice lives in Europe/Berlin (UTC+1)
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 1, 31, 9, 0, tzinfo=UTC))
    subscription_for(alice, "alice-shop.example", "subscription-1m")
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    # when
    content = as_alice.get(STORES).content.decode()
    # then
    assert "Active" in content
    assert "until Feb 28, 2026, 10:00\u202fAM" in content
    assert "Times are shown in your time zone, Berlin." in content


def test_expired_subscription_is_shown_as_expired(as_alice, alice, monkeypatch):
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 1, 31, 9, 0, tzinfo=UTC))
    subscription_for(alice, "alice-shop.example", "subscription-1m")
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 4, 1, 9, 0, tzinfo=UTC))

    content = as_alice.get(STORES).content.decode()

    assert "Expired" in content
    assert "on Feb 28, 2026, 10:00\u202fAM" in content
    assert "Renew:" in content


def test_adding_a_store_saves_its_canonical_url(as_alice, alice):
    response = as_alice.post(ADD, {"url": "https://WWW.Alice-Shop.example/"}, follow=True)

    assert response.redirect_chain == [(STORES, 302)]
    assert list(Store.objects.filter(customer=alice).values_list("canonical_url", flat=True)) == [
        "alice-shop.example"
    ]
    assert "Store alice-shop.example added." in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Only web addresses (http or https) can identify a store."),
        ("", "This field is required."),
        ("x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("localhost", "This does not look like a web address of a store."),
    ],
)
def test_invalid_address_is_shown_on_the_form(as_alice, alice, url, message):
    response = as_alice.post(ADD, {"url": url})

    assert response.status_code == 400
    assert response.context["form"].errors == {"url": [message]}
    assert not Store.objects.exists()


def test_store_of_another_customer_is_refused_on_the_form(as_alice, bob):
    store_of(bob, "bob-shop.example")

    response = as_alice.post(ADD, {"url": "http://bob-shop.example"})

    assert response.status_code == 400
    assert (
        response.context["form"]
        .errors["url"][0]
        .startswith("This store is already registered to another account.")
    )
    assert Store.objects.count() == 1


def test_store_already_added_is_refused_on_the_form(as_alice, alice):
    store_of(alice, "alice-shop.example")
    response = as_alice.post(ADD, {"url": "alice-shop.example/"})
    assert response.context["form"].errors == {"url": ["You have already added this store."]}


def test_add_store_accepts_only_post(as_alice):
    assert as_alice.get(ADD).status_code == 405


def test_store_list_runs_a_fixed_number_of_queries(
    as_alice, alice, django_assert_num_queries, monkeypatch
):
    catalog_plan("subscription-1m")
    subscription_for(alice, "shop-0.example")
    with CaptureQueriesContext(connection) as one_row:
        assert as_alice.get(STORES).status_code == 200
    for n in range(1, 30):
        if n % 2:
            subscription_for(alice, f"shop-{n}.example")
        else:
            store_of(alice, f"shop-{n}.example")

    with django_assert_num_queries(len(one_row)):
        response = as_alice.get(STORES)

    assert len(response.context["rows"]) == 25

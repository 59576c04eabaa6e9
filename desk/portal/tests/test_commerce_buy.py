from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from desk.billing.models import Invoice, Order, OrderStatus
from desk.billing.tests.factories import catalog_plan, store_of
from desk.entitlements.tests.factories import subscription_for
from desk.stores.models import Store


def buy_url(code):
    return reverse("portal:buy", args=[code])


@pytest.fixture
def as_alice(client, alice, password):
    client.login(email=alice.email, password=password)
    return client


@pytest.fixture
def year(db):
    return catalog_plan("subscription-1y")


def test_anonymous_buyer_is_sent_to_sign_in_and_back(client, year):
    response = client.get(buy_url("subscription-1y"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next=/buy/subscription-1y/"


def test_unknown_plan_is_not_found(as_alice):
    assert as_alice.get(buy_url("gold-forever")).status_code == 404


def test_plan_off_sale_is_not_found(as_alice, year):
    year.is_active = False
    year.save(update_fields=["is_active"])
    assert as_alice.get(buy_url("subscription-1y")).status_code == 404
    assert (
        as_alice.post(buy_url("subscription-1y"), {"new_store_url": "a.example"}).status_code == 404
    )
    assert not Order.objects.exists()


def test_subscription_page_shows_price_and_own_stores(as_alice, alice, bob, year):
    own = store_of(alice, "alice-shop.example")
    store_of(bob, "bob-shop.example")

    response = as_alice.get(buy_url("subscription-1y"), {"store": own.pk})

    content = response.content.decode()
    assert "Support subscription, 1 year" in content
    assert "USD 990.00" in content
    assert "alice-shop.example" in content
    assert "bob-shop.example" not in content
    assert response.context["form"]["store"].value() == own.pk
    assert f'<option value="{own.pk}" selected>' in content


def test_foreign_store_in_the_query_is_not_preselected(as_alice, bob, year):
    foreign = store_of(bob, "bob-shop.example")
    response = as_alice.get(buy_url("subscription-1y"), {"store": foreign.pk})
    assert response.context["form"]["store"].value() is None


def test_russian_customer_sees_the_russian_plan_name(client, bob, password, year):
    client.login(email=bob.email, password=password)
    content = client.get(buy_url("subscription-1y")).content.decode()
    assert "Подписка на поддержку, 1 год" in content


def test_buying_a_subscription_for_an_own_store_shows_the_invoice(as_alice, alice, year):
    store = store_of(alice, "alice-shop.example")

    response = as_alice.post(buy_url("subscription-1y"), {"store": store.pk})

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:order", args=[order.pk])
    assert (order.customer, order.store, order.plan, order.status) == (
        alice,
        store,
        year,
        OrderStatus.PENDING,
    )
    assert order.amount == Decimal("990.00")
    assert Invoice.objects.filter(order=order).exists()


def test_new_customer_types_the_store_address_in_the_same_form(as_alice, alice, year):
    response = as_alice.post(buy_url("subscription-1y"), {"new_store_url": "https://New.example/"})

    order = Order.objects.get()
    assert response["Location"] == reverse("portal:order", args=[order.pk])
    assert order.store is not None
    assert order.store.canonical_url == "new.example"
    assert order.store.customer == alice


def test_typed_address_of_an_own_store_reuses_it(as_alice, alice, year):
    store = store_of(alice, "alice-shop.example")
    as_alice.post(buy_url("subscription-1y"), {"new_store_url": "www.alice-shop.example"})
    assert Order.objects.get().store == store
    assert Store.objects.count() == 1


def test_typed_address_of_a_foreign_store_is_refused(as_alice, bob, year):
    store_of(bob, "bob-shop.example")

    response = as_alice.post(buy_url("subscription-1y"), {"new_store_url": "bob-shop.example"})

    assert response.status_code == 400
    assert (
        response.context["form"]
        .errors["new_store_url"][0]
        .startswith("This store is already registered to another account.")
    )
    assert not Order.objects.exists()


def test_invalid_typed_address_is_refused(as_alice, year):
    response = as_alice.post(buy_url("subscription-1y"), {"new_store_url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "new_store_url": ["Only web addresses (http or https) can identify a store."]
    }
    assert not Order.objects.exists()
    assert not Store.objects.exists()


def test_subscription_without_a_store_is_refused(as_alice, year):
    response = as_alice.post(buy_url("subscription-1y"), {})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "store": ["Choose one of your stores or enter the address of a new one."]
    }
    assert "Choose one of your stores or enter the address of a new one." in (
        response.content.decode()
    )
    assert not Order.objects.exists()


def test_foreign_store_id_cannot_be_posted(as_alice, bob, year):
    foreign = store_of(bob, "bob-shop.example")
    response = as_alice.post(buy_url("subscription-1y"), {"store": foreign.pk})
    assert response.status_code == 400
    assert "store" in response.context["form"].errors
    assert not Order.objects.exists()


def test_buying_incidents_takes_a_quantity_and_no_store(as_alice, alice):
    catalog_plan("incident-urgent")

    response = as_alice.post(buy_url("incident-urgent"), {"quantity": "2"})

    order = Order.objects.get()
    assert response["Location"] == reverse("portal:order", args=[order.pk])
    assert (order.store, order.quantity, order.amount) == (None, 2, Decimal("278.00"))


@pytest.mark.parametrize("quantity", ["0", "101", "many"])
def test_invalid_quantity_is_refused(as_alice, quantity):
    catalog_plan("incident-normal")
    response = as_alice.post(buy_url("incident-normal"), {"quantity": quantity})
    assert response.status_code == 400
    assert "quantity" in response.context["form"].errors
    assert not Order.objects.exists()


def test_renewal_page_says_when_the_new_period_starts(as_alice, alice, year):
    subscription = subscription_for(alice, "alice-shop.example", "subscription-1y")
    response = as_alice.get(buy_url("subscription-1y"), {"store": subscription.store_id})
    assert "The new period starts when the current one ends." in response.content.decode()


def test_buy_page_is_csrf_protected(alice, password, year):
    client = Client(enforce_csrf_checks=True)
    client.login(email=alice.email, password=password)
    response = client.post(buy_url("subscription-1y"), {"new_store_url": "a.example"})
    assert response.status_code == 403
    assert not Order.objects.exists()

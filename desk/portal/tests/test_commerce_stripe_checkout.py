"""Buying by card: the choice appears only with Stripe keys; checkout redirects to Stripe; the
success page shows the order's real state; one-click renewal."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import catalog_plan, pending_order, store_of
from desk.billing.tests.stripe_fakes import checked_out_order, fake_stripe, use_stripe_test_keys
from desk.core import clock
from desk.entitlements import services
from desk.entitlements.models import Subscription


@pytest.fixture(autouse=True)
def _stripe_keys(settings):
    use_stripe_test_keys(settings)


@pytest.fixture
def as_alice(client, alice, password):
    client.login(email=alice.email, password=password)
    return client


def test_the_buy_page_offers_card_and_invoice_with_keys(as_alice):
    catalog_plan("incident-urgent")
    page = as_alice.get(reverse("portal:buy", args=["incident-urgent"])).content.decode()
    assert 'value="stripe"' in page
    assert 'value="offline"' in page


@override_settings(STRIPE_SECRET_KEY="")
def test_without_keys_only_the_invoice_is_offered(as_alice):
    catalog_plan("incident-urgent")
    page = as_alice.get(reverse("portal:buy", args=["incident-urgent"])).content.decode()
    assert 'value="stripe"' not in page
    assert "Place order and get the invoice" in page


@override_settings(STRIPE_SECRET_KEY="")
def test_without_keys_a_card_choice_is_refused(as_alice, alice):
    catalog_plan("incident-urgent")
    as_alice.post(
        reverse("portal:buy", args=["incident-urgent"]), {"quantity": 1, "provider": "stripe"}
    )
    assert Order.objects.filter(customer=alice, provider="stripe").count() == 0


def test_buying_by_card_redirects_to_the_checkout_session(as_alice, alice):
    catalog_plan("incident-urgent")
    with fake_stripe() as stripe_api:
        response = as_alice.post(
            reverse("portal:buy", args=["incident-urgent"]), {"quantity": 2, "provider": "stripe"}
        )
    order = Order.objects.get(customer=alice)
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.test/c/pay/cs_test_fake_1"
    assert (order.provider, order.provider_reference, order.status) == (
        "stripe",
        "cs_test_fake_1",
        OrderStatus.PENDING,
    )
    assert stripe_api.requests[0].params["line_items[0][quantity]"] == "2"


def test_the_offline_choice_still_issues_the_invoice(as_alice, alice):
    catalog_plan("incident-urgent")
    response = as_alice.post(
        reverse("portal:buy", args=["incident-urgent"]), {"quantity": 1, "provider": "offline"}
    )
    order = Order.objects.get(customer=alice)
    assert response["Location"] == reverse("portal:order", args=[order.pk])
    assert order.invoice.number.startswith("INV-")


def test_the_success_page_shows_pending_until_the_webhook(as_alice, alice):
    order = checked_out_order(alice)
    url = reverse("portal:order", args=[order.pk]) + "?checkout=success"
    page = as_alice.get(url).content.decode()
    assert "waiting for the card payment to be confirmed" in page
    assert "Awaiting payment" in page  # the status badge
    services.confirm_payment(order_id=order.pk, by_provider=True)
    page = as_alice.get(url).content.decode()
    assert "Paid, activated." in page
    assert reverse("portal:order_invoice_pdf", args=[order.pk]) in page


def test_one_click_renewal_orders_the_same_plan_for_the_same_store(as_alice, alice):
    order = pending_order(alice, "subscription-1m", store=store_of(alice, "shop.example"))
    services.confirm_payment(order_id=order.pk)
    subscription = Subscription.objects.get(store=order.store)
    ends = subscription.ends_at
    with fake_stripe():
        response = as_alice.post(reverse("portal:subscription_renew", args=[subscription.pk]))
    renewal = Order.objects.filter(customer=alice).exclude(pk=order.pk).get()
    assert response["Location"].startswith("https://checkout.stripe.test/")
    assert renewal.plan is not None
    assert (renewal.plan.code, renewal.store, renewal.provider) == (
        "subscription-1m",
        order.store,
        "stripe",
    )
    services.confirm_payment(order_id=renewal.pk, by_provider=True)
    subscription.refresh_from_db()
    assert subscription.ends_at > ends + timedelta(days=27)
    assert subscription.starts_at < clock.now()


def test_renewing_someone_elses_subscription_is_404(client, alice, bob, password):
    order = pending_order(alice, "subscription-1m")
    services.confirm_payment(order_id=order.pk)
    subscription = Subscription.objects.get(store=order.store)
    client.login(email=bob.email, password=password)
    response = client.post(reverse("portal:subscription_renew", args=[subscription.pk]))
    assert response.status_code == 404
    assert Order.objects.count() == 1

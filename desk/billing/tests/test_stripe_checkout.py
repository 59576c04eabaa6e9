"""Stripe Checkout against a local fake of the API: parameters, idempotency, timeout and retry."""

import pytest
from django.conf import settings
from django.test import override_settings

from desk.billing import services
from desk.billing.models import Order
from desk.billing.providers import enabled_providers, get_provider
from desk.billing.tests.factories import catalog_plan, store_of
from desk.billing.tests.stripe_fakes import fake_stripe, use_stripe_test_keys
from desk.core.errors import DeskError


@pytest.fixture(autouse=True)
def _stripe_keys(settings):
    use_stripe_test_keys(settings)


def stripe_order(customer, plan_code="incident-urgent", quantity=1, store=None) -> Order:
    plan = catalog_plan(plan_code)
    if plan.is_subscription and store is None:
        store = store_of(customer)
    return services.place_order(
        customer=customer, plan=plan, store=store, quantity=quantity, provider="stripe"
    )


def test_checkout_creates_a_session_for_the_order_in_minor_units(alice):
    # given
    order = stripe_order(alice, "incident-urgent", quantity=3)
    with fake_stripe() as stripe_api:
        # when
        start = services.start_checkout(order=order)
    # then
    [seen] = stripe_api.requests
    assert seen.path == "/v1/checkout/sessions"
    assert seen.idempotency_key == f"supportdesk-order-{order.pk}-checkout"
    assert seen.authorization == "Bearer sk_test_supportdesk"
    assert seen.params["mode"] == "payment"
    assert seen.params["client_reference_id"] == str(order.pk)
    assert seen.params["line_items[0][quantity]"] == "3"
    assert seen.params["line_items[0][price_data][unit_amount]"] == "13900"
    assert seen.params["line_items[0][price_data][currency]"] == "usd"
    assert seen.params["metadata[order_id]"] == str(order.pk)
    assert seen.params["success_url"] == f"{settings.SITE_URL}/orders/{order.pk}/?checkout=success"
    order.refresh_from_db()
    assert order.provider_reference == "cs_test_fake_1"
    assert start.redirect_url == "https://checkout.stripe.test/c/pay/cs_test_fake_1"
    assert order.status == "pending"
    assert not hasattr(order, "invoice")


def test_checkout_again_reuses_the_session(alice):
    order = stripe_order(alice)
    with fake_stripe() as stripe_api:
        first = services.start_checkout(order=order)
        again = services.start_checkout(order=order)
    assert first == again
    assert stripe_api.idempotency_keys == [f"supportdesk-order-{order.pk}-checkout"] * 2


def test_a_timeout_is_retried_with_the_same_idempotency_key(alice):
    # given an API whose first answer comes after the client's timeout (0.5 s)
    order = stripe_order(alice, "subscription-1m")
    with fake_stripe(first_delay=1.5) as stripe_api:
        # when
        start = services.start_checkout(order=order)
    # then the SDK retried with the same key and got the session the first request created
    key = f"supportdesk-order-{order.pk}-checkout"
    assert stripe_api.idempotency_keys == [key, key]
    assert len(stripe_api.objects) == 1
    order.refresh_from_db()
    assert order.provider_reference == "cs_test_fake_1"
    assert start.redirect_url.endswith("/cs_test_fake_1")


def test_an_api_error_is_provider_unavailable_and_changes_nothing(alice):
    order = stripe_order(alice)
    with fake_stripe(fail_with=500) as stripe_api, pytest.raises(DeskError) as caught:
        services.start_checkout(order=order)
    assert caught.value.code == "provider_unavailable"
    assert len(stripe_api.requests) == 3  # the first try and two retries
    order.refresh_from_db()
    assert (order.status, order.provider_reference) == ("pending", "")


def test_card_is_offered_only_with_a_secret_key():
    assert [p.code for p in enabled_providers()] == ["stripe", "offline"]
    with override_settings(STRIPE_SECRET_KEY=""):
        assert [p.code for p in enabled_providers()] == ["offline"]


@override_settings(STRIPE_SECRET_KEY="")
def test_without_keys_a_card_order_is_refused(alice):
    with pytest.raises(DeskError) as caught:
        stripe_order(alice)
    assert caught.value.code == "unknown_provider"
    assert not Order.objects.exists()
    assert get_provider("offline").is_enabled()

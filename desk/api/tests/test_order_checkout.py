"""POST /api/orders with a payment provider: the offline invoice or a Stripe Checkout Session
(the local fake Stripe API), and `redirect_url`, where the customer pays."""

from __future__ import annotations

import pytest
from django.test import override_settings

from desk.billing.models import Order, OrderStatus
from desk.billing.tests.stripe_fakes import fake_stripe, use_stripe_test_keys


@pytest.fixture
def stripe_keys(settings) -> None:
    use_stripe_test_keys(settings)


def test_offline_is_the_default_and_sends_to_the_order_page(as_alice, alice):
    # when
    status, body = as_alice.post_json("/api/orders", {"plan_code": "incident-normal"})
    # then
    assert status == 201
    order = Order.objects.get(customer=alice)
    assert (body["provider"], body["status"]) == ("offline", "pending")
    assert body["redirect_url"] == f"/orders/{order.pk}/"
    assert body["payment_reference"] == order.invoice.number
    assert body["invoice_pdf_url"] == f"/orders/{order.pk}/invoice.pdf"


@pytest.mark.usefixtures("stripe_keys")
def test_stripe_sends_to_the_checkout_session(as_alice, alice):
    # given
    with fake_stripe() as stripe_api:
        # when
        status, body = as_alice.post_json(
            "/api/orders", {"plan_code": "incident-urgent", "quantity": 2, "provider": "stripe"}
        )
    # then
    assert status == 201
    order = Order.objects.get(customer=alice)
    assert body["redirect_url"] == "https://checkout.stripe.test/c/pay/cs_test_fake_1"
    assert (body["id"], body["provider"], body["status"]) == (order.pk, "stripe", "pending")
    assert (body["quantity"], body["amount"], body["currency"]) == (2, "278.00", "USD")
    assert (body["invoice_number"], body["payment_reference"], body["bank_details"]) == (
        None,
        None,
        None,
    )
    assert body["invoice_pdf_url"] is None
    assert (order.provider_reference, order.status) == ("cs_test_fake_1", OrderStatus.PENDING)
    [seen] = stripe_api.requests
    assert (seen.path, seen.idempotency_key) == (
        "/v1/checkout/sessions",
        f"supportdesk-order-{order.pk}-checkout",
    )
    assert (
        seen.params["line_items[0][quantity]"],
        seen.params["line_items[0][price_data][unit_amount]"],
    ) == ("2", "13900")


@pytest.mark.usefixtures("stripe_keys")
def test_stripe_down_keeps_the_order_pending_to_pay_later(as_alice, alice):
    # given
    with fake_stripe(fail_with=500):
        # when
        status, body = as_alice.post_json(
            "/api/orders", {"plan_code": "incident-urgent", "provider": "stripe"}
        )
    # then
    assert (status, body["code"]) == (503, "provider_unavailable")
    order = Order.objects.get(customer=alice)
    assert (order.provider, order.status, order.provider_reference) == (
        "stripe",
        OrderStatus.PENDING,
        "",
    )


@override_settings(STRIPE_SECRET_KEY="")
def test_stripe_without_keys_is_refused_and_places_nothing(as_alice):
    # when
    status, body = as_alice.post_json(
        "/api/orders", {"plan_code": "incident-urgent", "provider": "stripe"}
    )
    # then
    assert (status, body) == (
        400,
        {"code": "unknown_provider", "message": "This payment method is not available."},
    )
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("provider", "status", "code"),
    [
        ("bitcoin", 400, "unknown_provider"),
        ("", 400, "unknown_provider"),
        ("Offline", 400, "unknown_provider"),
        ("x" * 51, 422, "invalid_input"),
        ("off\x00line", 422, "invalid_input"),
        (None, 422, "invalid_input"),
        (1, 422, "invalid_input"),
    ],
)
def test_unknown_providers_are_refused_and_place_nothing(as_alice, provider, status, code):
    # when
    answer = as_alice.post_json(
        "/api/orders", {"plan_code": "incident-normal", "provider": provider}
    )
    # then
    assert (answer[0], answer[1]["code"]) == (status, code)
    assert not Order.objects.exists()

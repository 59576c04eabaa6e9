"""POST /api/console/orders/{id}/refund: staff refund a paid order, through Stripe (the local
fake API) or by hand (offline), exactly once; as the console's refund page does."""

from __future__ import annotations

import pytest

from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order
from desk.billing.tests.stripe_fakes import checked_out_order, fake_stripe, use_stripe_test_keys
from desk.entitlements import services
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason


@pytest.fixture(autouse=True)
def _stripe_keys(settings) -> None:
    use_stripe_test_keys(settings)


def paid_card_order(customer, quantity: int = 1) -> Order:
    order = checked_out_order(customer, "incident-urgent", quantity=quantity)
    services.confirm_payment(order_id=order.pk, by_provider=True)
    order.payment_reference = f"pi_test_{order.pk}"
    order.save(update_fields=["payment_reference"])
    return order


def paid_offline_order(customer) -> Order:
    order = pending_order(customer, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    return order


def refund_url(order: Order) -> str:
    return f"/api/console/orders/{order.pk}/refund"


def urgent_credits(customer) -> int:
    return CreditBalance.objects.get(customer=customer, priority="urgent").remaining


def test_card_order_is_refunded_through_stripe(as_engineer, alice):
    # given
    order = paid_card_order(alice, quantity=2)
    with fake_stripe() as stripe_api:
        # when
        status, body = as_engineer.post_json(refund_url(order))
    # then
    assert status == 200
    assert (body["id"], body["status"], body["provider"]) == (order.pk, "refunded", "stripe")
    assert body["customer_email"] == "alice@example.com"
    [seen] = stripe_api.requests
    assert (seen.path, seen.params["payment_intent"], seen.idempotency_key) == (
        "/v1/refunds",
        f"pi_test_{order.pk}",
        f"supportdesk-order-{order.pk}-refund",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert urgent_credits(alice) == 0
    assert CreditEntry.objects.get(order=order, reason=CreditReason.REFUND).delta == -2


def test_offline_order_is_refunded_by_hand(as_admin, alice):
    # given: the money goes back by bank transfer; no provider is called
    order = paid_offline_order(alice)
    with fake_stripe() as stripe_api:
        # when
        status, body = as_admin.post_json(refund_url(order))
    # then
    assert (status, body["status"], body["provider"]) == (200, "refunded", "offline")
    assert body["invoice_number"] == order.invoice.number
    assert stripe_api.requests == []
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 0


def test_second_refund_is_refused_and_calls_no_provider(as_engineer, alice):
    # given
    order = paid_card_order(alice)
    with fake_stripe() as stripe_api:
        as_engineer.post_json(refund_url(order))
        # when
        status, body = as_engineer.post_json(refund_url(order))
    # then
    assert (status, body) == (
        409,
        {"code": "order_not_refundable", "message": "Only a paid order can be refunded."},
    )
    assert len(stripe_api.requests) == 1
    assert CreditEntry.objects.filter(order=order, reason=CreditReason.REFUND).count() == 1


def test_pending_order_cannot_be_refunded(as_engineer, alice):
    # given
    order = pending_order(alice, "incident-normal")
    # when
    status, body = as_engineer.post_json(refund_url(order))
    # then
    assert (status, body["code"]) == (409, "order_not_refundable")
    order.refresh_from_db()
    assert (order.status, order.revoked_at) == (OrderStatus.PENDING, None)


def test_stripe_down_changes_nothing(as_engineer, alice):
    # given
    order = paid_card_order(alice)
    with fake_stripe(fail_with=500):
        # when
        status, body = as_engineer.post_json(refund_url(order))
    # then
    assert (status, body["code"]) == (503, "provider_unavailable")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert urgent_credits(alice) == 1


def test_customer_cannot_refund_even_her_own_order(as_alice, alice):
    # given
    order = paid_offline_order(alice)
    # when
    status, body = as_alice.post_json(refund_url(order))
    # then
    assert (status, body) == (404, {"code": "not_found", "message": "Not found."})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1


def test_missing_order_is_not_found(as_engineer):
    answers = [
        as_engineer.post_json(f"/api/console/orders/{order_id}/refund")
        for order_id in (10**6, 0, -1)
    ]

    assert answers == [(404, {"code": "order_not_found", "message": "Order not found."})] * 3

"""Staff refund a paid order from the console: through Stripe (fake API) or by hand."""

import pytest
from django.urls import reverse

from desk.billing.models import OrderStatus
from desk.billing.tests.factories import pending_order
from desk.billing.tests.stripe_fakes import checked_out_order, fake_stripe, use_stripe_test_keys
from desk.entitlements import services
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason


@pytest.fixture(autouse=True)
def _stripe_keys(settings):
    use_stripe_test_keys(settings)


@pytest.fixture
def as_engineer(client, engineer_en, password):
    client.login(email=engineer_en.user.email, password=password)
    return client


def refund_url(order):
    return reverse("console:order_refund", args=[order.pk])


def paid_card_order(customer, quantity=1):
    order = checked_out_order(customer, "incident-urgent", quantity=quantity)
    services.confirm_payment(order_id=order.pk, by_provider=True)
    order.payment_reference = f"pi_test_{order.pk}"
    order.save(update_fields=["payment_reference"])
    return order


def test_refund_through_stripe_takes_the_credits_back(as_engineer, alice):
    # given
    order = paid_card_order(alice, quantity=2)
    with fake_stripe() as stripe_api:
        # when
        response = as_engineer.post(refund_url(order), {"confirm": "yes"})
    # then
    assert response.status_code == 302
    [seen] = stripe_api.requests
    assert (seen.path, seen.params["payment_intent"], seen.idempotency_key) == (
        "/v1/refunds",
        f"pi_test_{order.pk}",
        f"supportdesk-order-{order.pk}-refund",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert CreditBalance.objects.get(customer=alice, priority="urgent").remaining == 0
    assert CreditEntry.objects.get(order=order, reason=CreditReason.REFUND).delta == -2


def test_refund_fails_cleanly_when_stripe_is_down(as_engineer, alice):
    order = paid_card_order(alice)
    with fake_stripe(fail_with=500):
        response = as_engineer.post(refund_url(order), {"confirm": "yes"}, follow=True)
    assert "did not answer" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert CreditBalance.objects.get(customer=alice, priority="urgent").remaining == 1


def test_an_offline_order_is_refunded_by_hand(as_engineer, alice):
    order = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    response = as_engineer.post(refund_url(order), {"confirm": "yes"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED


def test_refund_needs_the_confirmation_tick(as_engineer, alice):
    order = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    as_engineer.post(refund_url(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_pending_order_cannot_be_refunded(as_engineer, alice):
    order = pending_order(alice, "incident-normal")
    response = as_engineer.post(refund_url(order), {"confirm": "yes"}, follow=True)
    assert "Only a paid order can be refunded." in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_customers_cannot_refund(client, alice, password):
    order = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    client.login(email=alice.email, password=password)
    assert client.post(refund_url(order), {"confirm": "yes"}).status_code == 404
    assert client.get(reverse("console:order", args=[order.pk])).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_the_order_page_offers_refund_for_paid_orders(as_engineer, alice):
    order = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    page = as_engineer.get(reverse("console:order", args=[order.pk])).content.decode()
    assert refund_url(order) in page
    listing = as_engineer.get(reverse("console:orders"), {"status": "paid"}).content.decode()
    assert order.number in listing

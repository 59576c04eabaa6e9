import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.billing import services as billing_services
from desk.billing.models import Invoice, Order, OrderStatus
from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import services as entitlement_services

ORDERS = reverse("portal:orders")
BANK = {"beneficiary": "Vendor Ltd.", "bank": "First Bank", "iban": "DE00 1234", "swift": "FBXX"}


def order_url(order, name="portal:order"):
    return reverse(name, args=[order.pk])


@pytest.fixture
def as_alice(client, alice, password):
    client.login(email=alice.email, password=password)
    return client


def invoiced_order(customer, plan_code="subscription-1y", **kwargs):
    order = pending_order(customer, plan_code, **kwargs)
    billing_services.start_checkout(order=order)
    order.refresh_from_db()
    return order


def test_orders_list_shows_only_own_orders(as_alice, alice, bob):
    own = invoiced_order(alice, store=store_of(alice, "alice-shop.example"))
    foreign = invoiced_order(bob, store=store_of(bob, "bob-shop.example"))

    response = as_alice.get(ORDERS)

    assert list(response.context["orders"]) == [own]
    content = response.content.decode()
    assert own.number in content
    assert own.invoice.number in content
    assert "USD 990.00" in content
    assert foreign.number not in content


@override_settings(DESK_BANK_DETAILS=BANK)
def test_pending_order_shows_the_invoice_with_bank_details(as_alice, alice):
    order = invoiced_order(alice, store=store_of(alice, "alice-shop.example"))
    invoice = Invoice.objects.get(order=order)

    content = as_alice.get(order_url(order)).content.decode()

    assert "Awaiting payment" in content
    assert "We activate your purchase when the transfer arrives." in content
    assert f"Please use {invoice.number} as the payment reference." in content
    for detail in BANK.values():
        assert detail in content
    assert "Supportdesk Software Ltd." in content  # seller
    assert "Alice Archer" in content  # buyer
    assert "alice-shop.example" in content
    assert "Period: 12 months" in content
    assert "USD 990.00" in content
    assert "Cancel this order" in content


def test_paid_order_says_paid_and_activated(as_alice, alice):
    order = invoiced_order(alice, "incident-normal", quantity=2)
    entitlement_services.confirm_payment(order_id=order.pk)

    content = as_alice.get(order_url(order)).content.decode()

    assert "Paid, activated." in content
    assert "Pay by bank transfer" not in content
    assert "Cancel this order" not in content
    assert "2 incident credits" in content


def test_foreign_and_missing_orders_are_not_found(as_alice, bob):
    foreign = invoiced_order(bob, "incident-normal")
    assert as_alice.get(order_url(foreign)).status_code == 404
    assert as_alice.get(reverse("portal:order", args=[999999])).status_code == 404
    assert as_alice.post(order_url(foreign, "portal:order_cancel")).status_code == 404
    assert as_alice.post(order_url(foreign, "portal:order_pay")).status_code == 404
    assert Order.objects.get(pk=foreign.pk).status == OrderStatus.PENDING


def test_anonymous_visitor_is_sent_to_sign_in(client, alice):
    order = invoiced_order(alice, "incident-normal")
    response = client.get(order_url(order))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_customer_cancels_a_pending_order(as_alice, alice):
    order = invoiced_order(alice, "incident-normal")

    response = as_alice.post(order_url(order, "portal:order_cancel"), follow=True)

    assert response.redirect_chain == [(order_url(order), 302)]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert f"Order {order.number} cancelled." in response.content.decode()


def test_paid_order_cannot_be_cancelled(as_alice, alice):
    order = invoiced_order(alice, "incident-normal")
    entitlement_services.confirm_payment(order_id=order.pk)

    response = as_alice.post(order_url(order, "portal:order_cancel"), follow=True)

    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert "This order is no longer awaiting payment." in response.content.decode()


def test_order_without_invoice_can_get_one(as_alice, alice):
    order = pending_order(alice, "incident-normal")
    assert "Get the invoice" in as_alice.get(order_url(order)).content.decode()

    response = as_alice.post(order_url(order, "portal:order_pay"))

    assert response["Location"] == order_url(order)
    assert Invoice.objects.filter(order=order).count() == 1


def test_cancel_and_pay_accept_only_post(as_alice, alice):
    order = pending_order(alice, "incident-normal")
    assert as_alice.get(order_url(order, "portal:order_cancel")).status_code == 405
    assert as_alice.get(order_url(order, "portal:order_pay")).status_code == 405


def test_orders_list_runs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    invoiced_order(alice, "subscription-1m")
    with CaptureQueriesContext(connection) as one_row:
        assert as_alice.get(ORDERS).status_code == 200
    for n in range(29):
        if n % 2:
            invoiced_order(alice, "incident-normal")
        else:
            pending_order(alice, "subscription-1y")

    with django_assert_num_queries(len(one_row)):
        response = as_alice.get(ORDERS)

    assert len(response.context["orders"]) == 25

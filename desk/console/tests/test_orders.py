import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import CreditEntry, Subscription

ORDERS = reverse("console:orders")


def mark_paid_url(order):
    return reverse("console:order_mark_paid", args=[order.pk])


def invoiced_order(customer, plan_code="incident-normal", **kwargs):
    order = pending_order(customer, plan_code, **kwargs)
    billing_services.start_checkout(order=order)
    order.refresh_from_db()
    return order


@pytest.fixture
def as_engineer(client, engineer_en, password):
    client.login(email=engineer_en.user.email, password=password)
    return client


def test_customers_and_visitors_get_not_found(client, alice, password):
    order = invoiced_order(alice)
    assert client.get(ORDERS).status_code == 404
    assert client.post(mark_paid_url(order)).status_code == 404
    client.login(email=alice.email, password=password)
    assert client.get(ORDERS).status_code == 404
    assert client.post(mark_paid_url(order)).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING


def test_list_shows_only_orders_awaiting_payment(as_engineer, alice, bob):
    waiting = invoiced_order(alice)
    paid = invoiced_order(bob)
    entitlement_services.confirm_payment(order_id=paid.pk)

    response = as_engineer.get(ORDERS)

    assert list(response.context["orders"]) == [waiting]
    content = response.content.decode()
    assert waiting.invoice.number in content
    assert "alice@example.com" in content
    assert "USD 99.00" in content


def test_superuser_may_use_the_orders_page(client, staff_admin, password, alice):
    invoiced_order(alice)
    client.login(email=staff_admin.email, password=password)
    assert client.get(ORDERS).status_code == 200


def test_search_finds_an_order_by_its_payment_reference(as_engineer, alice):
    wanted = invoiced_order(alice)
    invoiced_order(alice)

    by_invoice = as_engineer.get(ORDERS, {"q": wanted.invoice.number.lower()})
    by_number = as_engineer.get(ORDERS, {"q": wanted.number})

    assert list(by_invoice.context["orders"]) == [wanted]
    assert list(by_number.context["orders"]) == [wanted]


def test_mark_paid_activates_the_purchase(as_engineer, engineer_en, alice):
    order = invoiced_order(alice, "incident-urgent", quantity=3)

    response = as_engineer.post(mark_paid_url(order), follow=True)

    assert response.redirect_chain == [(ORDERS, 302)]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.marked_paid_by == engineer_en.user
    assert order.fulfilled_at is not None
    assert CreditEntry.objects.get(customer=alice).delta == 3
    assert (
        f"Order {order.number} marked paid; the customer&#x27;s purchase is active."
        in response.content.decode()
    )


def test_marking_paid_twice_fulfils_once(as_engineer, alice):
    order = invoiced_order(alice, "subscription-1m")

    as_engineer.post(mark_paid_url(order))
    response = as_engineer.post(mark_paid_url(order), follow=True)

    assert Subscription.objects.count() == 1
    assert f"Order {order.number} was already paid; nothing changed." in response.content.decode()


def test_cancelled_order_is_not_marked_paid(as_engineer, alice):
    order = invoiced_order(alice)
    billing_services.cancel_order(order_id=order.pk)

    response = as_engineer.post(mark_paid_url(order), follow=True)

    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert not CreditEntry.objects.exists()
    assert "is not awaiting payment; nothing changed." in response.content.decode()


def test_mark_paid_returns_to_the_same_search(as_engineer, alice):
    order = invoiced_order(alice)
    response = as_engineer.post(mark_paid_url(order), {"q": "INV", "page": "2"})
    assert response["Location"] == f"{ORDERS}?q=INV&page=2"


def test_mark_paid_accepts_only_post(as_engineer, alice):
    order = invoiced_order(alice)
    assert as_engineer.get(mark_paid_url(order)).status_code == 405
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING


def test_unknown_order_is_not_found(as_engineer):
    assert as_engineer.post(reverse("console:order_mark_paid", args=[999999])).status_code == 404


def test_mark_paid_is_csrf_protected(engineer_en, password, alice):
    order = invoiced_order(alice)
    client = Client(enforce_csrf_checks=True)
    client.login(email=engineer_en.user.email, password=password)

    assert client.post(mark_paid_url(order)).status_code == 403
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING


def test_list_runs_a_fixed_number_of_queries(as_engineer, alice, bob, django_assert_num_queries):
    invoiced_order(alice, "subscription-1y")
    with CaptureQueriesContext(connection) as one_row:
        assert as_engineer.get(ORDERS).status_code == 200
    for n in range(29):
        customer = alice if n % 2 else bob
        if n % 3:
            invoiced_order(customer, "incident-urgent")
        else:
            pending_order(customer, "subscription-1m")

    with django_assert_num_queries(len(one_row)):
        response = as_engineer.get(ORDERS)

    assert len(response.context["orders"]) == 25

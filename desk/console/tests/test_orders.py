from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order
from desk.core import clock
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


def today_in_moscow():
    """Today where the engineers of these tests live (the "Mark paid" days are theirs)."""
    return timezone.localdate(clock.now(), ZoneInfo("Europe/Moscow"))


def received(order, **overrides):
    """The Mark paid form as staff fill it in for a transfer that settles `order` today."""
    data = {"amount": str(order.amount), "received_on": today_in_moscow().isoformat()}
    data.update(overrides)
    return data


def nothing_changed(order) -> None:
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.received_amount is None
    assert order.received_on is None
    assert order.marked_paid_by is None
    assert not CreditEntry.objects.exists()
    assert not Subscription.objects.exists()


def test_mark_paid_activates_the_purchase_and_records_what_arrived(as_engineer, engineer_en, alice):
    order = invoiced_order(alice, "incident-urgent", quantity=3)
    today = today_in_moscow()

    response = as_engineer.post(mark_paid_url(order), received(order), follow=True)

    detail = reverse("console:order", args=[order.pk])
    assert response.redirect_chain == [(detail, 302)]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.marked_paid_by == engineer_en.user
    assert order.received_amount == Decimal("417.00") == order.amount
    assert order.received_on == today
    assert order.fulfilled_at is not None
    assert CreditEntry.objects.get(customer=alice).delta == 3
    content = response.content.decode()
    assert f"Order {order.number} marked paid; the customer&#x27;s purchase is active." in content
    assert "data-received>USD 417.00 on " in content


def test_the_list_links_to_the_form_instead_of_a_one_click_button(as_engineer, alice):
    order = invoiced_order(alice)
    content = as_engineer.get(ORDERS).content.decode()
    assert f'href="{reverse("console:order", args=[order.pk])}#mark-paid"' in content
    assert f'action="{mark_paid_url(order)}"' not in content
    form = as_engineer.get(reverse("console:order", args=[order.pk])).content.decode()
    assert f'action="{mark_paid_url(order)}"' in form
    assert 'name="amount"' in form
    assert 'name="received_on"' in form


def test_marking_paid_twice_is_refused_clearly(as_engineer, alice):
    order = invoiced_order(alice, "subscription-1m")

    as_engineer.post(mark_paid_url(order), received(order))
    response = as_engineer.post(mark_paid_url(order), received(order))

    assert response.status_code == 409
    assert 'data-error="order_already_paid"' in response.content.decode()
    assert "This order is already paid; nothing changed." in response.content.decode()
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        ({"amount": "98.99"}, "payment_amount_mismatch", 400),
        ({"amount": "100.00"}, "payment_amount_mismatch", 400),
        ({"received_on": "2999-01-01"}, "payment_date_in_future", 400),
        ({"received_on": "2000-01-01"}, "payment_date_before_order", 400),
    ],
)
def test_a_payment_that_does_not_settle_the_order_is_refused(
    as_engineer, alice, fields, code, status
):
    order = invoiced_order(alice)  # incident-normal, USD 99.00

    response = as_engineer.post(mark_paid_url(order), received(order, **fields))

    assert response.status_code == status
    content = response.content.decode()
    assert f'data-error="{code}"' in content
    # the form keeps what was typed
    for value in received(order, **fields).values():
        assert f'value="{value}"' in content
    nothing_changed(order)


def test_the_amount_mismatch_names_the_order_amount(as_engineer, alice):
    order = invoiced_order(alice)
    content = as_engineer.post(mark_paid_url(order), received(order, amount="9")).content.decode()
    assert (
        "The amount received must equal the order amount, USD\u00a099.00; nothing was marked paid."
        in content
    )


@pytest.mark.parametrize(
    "fields",
    [{"amount": ""}, {"amount": "-99.00"}, {"amount": "abc"}, {"received_on": "31.12.2026"}],
)
def test_an_unreadable_form_is_refused_and_kept(as_engineer, alice, fields):
    order = invoiced_order(alice)
    response = as_engineer.post(mark_paid_url(order), received(order, **fields))
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    nothing_changed(order)


def test_cancelled_order_is_not_marked_paid(as_engineer, alice):
    order = invoiced_order(alice)
    billing_services.cancel_order(order_id=order.pk)

    response = as_engineer.post(mark_paid_url(order), received(order))

    assert response.status_code == 409
    assert 'data-error="order_not_pending"' in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert not CreditEntry.objects.exists()


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

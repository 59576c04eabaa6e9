"""/api/console/orders: orders awaiting a bank transfer, and marking one paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order, store_of
from desk.core import clock
from desk.entitlements.models import CreditBalance, Subscription

# session + user (with the engineer profile, for the staff check), COUNT, one page (customer, plan,
# store, invoice)
LIST_QUERIES = 4


def invoiced_order(customer, plan_code="subscription-1y", **kwargs) -> Order:
    order = pending_order(customer, plan_code, **kwargs)
    billing_services.start_checkout(order=order)
    order.refresh_from_db()
    return order


def test_lists_pending_orders_oldest_first(as_engineer, alice, bob):
    # given
    first = invoiced_order(alice, "incident-normal")
    second = invoiced_order(bob, store=store_of(bob, "bob-shop.example"))
    paid = invoiced_order(alice, "incident-urgent")
    billing_services.mark_order_paid(order_id=paid.pk, by=None)
    # when
    status, body = as_engineer.get_json("/api/console/orders")
    # then
    assert status == 200
    assert [row["id"] for row in body["items"]] == [first.pk, second.pk]
    assert body["items"][1]["customer_email"] == "bob@example.com"
    assert body["items"][1]["invoice_number"] == second.invoice.number


def test_search_by_invoice_number_order_number_or_email(as_engineer, alice, bob):
    # given
    alices = invoiced_order(alice, "incident-normal")
    bobs = invoiced_order(bob, "incident-normal")

    def ids(q: str) -> list[int]:
        return [row["id"] for row in as_engineer.get_json("/api/console/orders", q=q)[1]["items"]]

    # then
    assert ids(bobs.invoice.number) == [bobs.pk]
    assert ids(alices.number) == [alices.pk]
    assert ids("bob@") == [bobs.pk]
    assert ids("nobody") == []


def test_search_refuses_nul_and_overlong_terms(as_engineer):
    nul = as_engineer.get_json("/api/console/orders", q="SD-\x00")
    long = as_engineer.get_json("/api/console/orders", q="x" * 101)

    assert (nul[0], nul[1]["code"]) == (422, "invalid_input")
    assert (long[0], long[1]["code"]) == (422, "invalid_input")


def today_in_moscow() -> date:
    """Today where the engineers of these tests live (the "Mark paid" days are theirs)."""
    return timezone.localdate(clock.now(), ZoneInfo("Europe/Moscow"))


def received(order: Order, **overrides: object) -> dict[str, object]:
    """What staff send for a transfer that settles `order` today."""
    return {"amount": str(order.amount), "received_on": today_in_moscow().isoformat(), **overrides}


def mark_paid_url(order_id: object) -> str:
    return f"/api/console/orders/{order_id}/mark-paid"


def nothing_changed(order: Order, status: str = OrderStatus.PENDING) -> None:
    order.refresh_from_db()
    assert (order.status, order.received_amount, order.received_on) == (status, None, None)
    assert order.marked_paid_by is None
    assert not CreditBalance.objects.filter(remaining__gt=0).exists()
    assert not Subscription.objects.exists()


def test_mark_paid_records_what_arrived_and_activates_the_purchase(as_engineer, alice, engineer_en):
    # given
    order = invoiced_order(alice, "incident-normal", quantity=2)
    # when
    status, body = as_engineer.post_json(mark_paid_url(order.pk), received(order, amount=198))
    # then
    assert status == 200
    assert (body["id"], body["status"]) == (order.pk, "paid")
    assert (body["received_amount"], body["received_on"]) == (
        "198.00",
        today_in_moscow().isoformat(),
    )
    order.refresh_from_db()
    assert (order.status, order.marked_paid_by_id) == (OrderStatus.PAID, engineer_en.user_id)
    assert (order.received_amount, order.received_on) == (Decimal("198.00"), today_in_moscow())
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 2


def test_marking_paid_twice_is_refused(as_engineer, alice):
    # given
    order = invoiced_order(alice, "incident-normal", quantity=2)
    as_engineer.post_json(mark_paid_url(order.pk), received(order))
    # when
    status, body = as_engineer.post_json(mark_paid_url(order.pk), received(order))
    # then
    assert (status, body) == (
        409,
        {"code": "order_already_paid", "message": "This order is already paid; nothing changed."},
    )
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 2


def test_superuser_may_mark_paid(as_admin, alice):
    # given
    order = invoiced_order(alice, store=store_of(alice, "alice-shop.example"))
    # when
    status, body = as_admin.post_json(mark_paid_url(order.pk), received(order))
    # then
    assert (status, body["status"]) == (200, "paid")
    assert Subscription.objects.get(store=order.store).customer_id == alice.pk


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"amount": "98.99"}, "payment_amount_mismatch"),
        ({"amount": 100}, "payment_amount_mismatch"),
        ({"amount": "-99.00"}, "payment_amount_mismatch"),
        ({"amount": 0}, "payment_amount_mismatch"),
        ({"amount": "99.001"}, "payment_amount_mismatch"),
        ({"received_on": "2999-01-01"}, "payment_date_in_future"),
        ({"received_on": "2000-01-01"}, "payment_date_before_order"),
    ],
)
def test_a_payment_that_does_not_settle_the_order_is_refused(as_engineer, alice, fields, code):
    # given
    order = invoiced_order(alice, "incident-normal")  # USD 99.00
    # when
    status, body = as_engineer.post_json(mark_paid_url(order.pk), received(order, **fields))
    # then
    assert (status, body["code"]) == (400, code)
    nothing_changed(order)


def test_the_amount_mismatch_names_the_order_amount(as_engineer, alice):
    order = invoiced_order(alice, "incident-normal")
    _, body = as_engineer.post_json(mark_paid_url(order.pk), received(order, amount="9"))
    assert body["message"] == (
        "The amount received must equal the order amount, USD\u00a099.00; nothing was marked "
        "paid. Settle any difference with the customer first."
    )


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"amount": "99.00"},
        {"received_on": "2026-12-01"},
        {"amount": "", "received_on": "2026-12-01"},
        {"amount": "abc", "received_on": "2026-12-01"},
        {"amount": "NaN", "received_on": "2026-12-01"},
        {"amount": "99.00", "received_on": "31.12.2026"},
        {"amount": "99.00", "received_on": None},
    ],
)
def test_unreadable_input_is_refused(as_engineer, alice, payload):
    # given
    order = invoiced_order(alice, "incident-normal")
    # when
    status, body = as_engineer.post_json(mark_paid_url(order.pk), payload)
    # then
    assert (status, body["code"]) == (422, "invalid_input")
    nothing_changed(order)


def test_cancelled_order_cannot_be_marked_paid(as_engineer, alice):
    # given
    order = invoiced_order(alice, "incident-normal")
    billing_services.cancel_order(order_id=order.pk)
    # when
    status, body = as_engineer.post_json(mark_paid_url(order.pk), received(order))
    # then
    assert (status, body["code"]) == (409, "order_not_pending")
    nothing_changed(order, OrderStatus.CANCELLED)


def test_missing_order_is_not_found(as_engineer):
    answers = [
        as_engineer.post_json(mark_paid_url(order_id), {"amount": 1, "received_on": "2026-12-01"})
        for order_id in (10**6, 0, -1, 99999999999999999999)
    ]

    assert answers == [(404, {"code": "order_not_found", "message": "Order not found."})] * 4


def test_customer_cannot_mark_own_order_paid(as_alice, alice):
    # given
    order = invoiced_order(alice, "incident-normal")
    # when
    status, body = as_alice.post_json(mark_paid_url(order.pk), received(order))
    # then
    assert (status, body["code"]) == (404, "not_found")
    nothing_changed(order)


def test_list_runs_a_fixed_number_of_queries(as_engineer, alice, django_assert_num_queries):
    # given
    invoiced_order(alice, store=store_of(alice, "shop-0.example"))
    with django_assert_num_queries(LIST_QUERIES):
        assert as_engineer.get_json("/api/console/orders", page_size=100)[1]["count"] == 1
    for number in range(1, 30):
        if number % 2:
            invoiced_order(alice, store=store_of(alice, f"shop-{number}.example"))
        else:
            pending_order(alice, "incident-normal")
    # when
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_engineer.get_json("/api/console/orders", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)

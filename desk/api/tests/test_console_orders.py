"""/api/console/orders: orders awaiting a bank transfer, and marking one paid."""

from __future__ import annotations

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements.models import CreditBalance, Subscription

# session + user, staff check (engineer profile), COUNT, one page (customer, plan, store, invoice)
LIST_QUERIES = 5


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


def test_mark_paid_activates_the_purchase_once(as_engineer, alice, engineer_en):
    # given
    order = invoiced_order(alice, "incident-normal", quantity=2)
    url = f"/api/console/orders/{order.pk}/mark-paid"
    # when
    first = as_engineer.post_json(url)
    second = as_engineer.post_json(url)
    # then
    assert first[0] == 200
    assert first[1]["changed"] is True
    assert (first[1]["order"]["id"], first[1]["order"]["status"]) == (order.pk, "paid")
    assert second[0] == 200
    assert (second[1]["changed"], second[1]["order"]["status"]) == (False, "paid")
    order.refresh_from_db()
    assert (order.status, order.marked_paid_by_id) == (OrderStatus.PAID, engineer_en.user_id)
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 2


def test_superuser_may_mark_paid(as_admin, alice):
    # given
    order = invoiced_order(alice, store=store_of(alice, "alice-shop.example"))
    # when
    status, body = as_admin.post_json(f"/api/console/orders/{order.pk}/mark-paid")
    # then
    assert (status, body["changed"]) == (200, True)
    assert Subscription.objects.get(store=order.store).customer_id == alice.pk


def test_cancelled_order_cannot_be_marked_paid(as_engineer, alice):
    # given
    order = invoiced_order(alice, "incident-normal")
    billing_services.cancel_order(order_id=order.pk)
    # when
    status, body = as_engineer.post_json(f"/api/console/orders/{order.pk}/mark-paid")
    # then
    assert (status, body["code"]) == (409, "order_not_pending")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert not CreditBalance.objects.filter(customer=alice, remaining__gt=0).exists()


def test_missing_order_is_not_found(as_engineer):
    answers = [
        as_engineer.post_json(f"/api/console/orders/{order_id}/mark-paid")
        for order_id in (10**6, 0, -1, 99999999999999999999)
    ]

    assert answers == [(404, {"code": "order_not_found", "message": "Order not found."})] * 4


def test_customer_cannot_mark_own_order_paid(as_alice, alice):
    # given
    order = invoiced_order(alice, "incident-normal")
    # when
    status, body = as_alice.post_json(f"/api/console/orders/{order.pk}/mark-paid")
    # then
    assert (status, body["code"]) == (404, "not_found")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


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

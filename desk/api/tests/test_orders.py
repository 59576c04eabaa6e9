"""GET/POST /api/orders, GET /api/orders/{id}: offline orders, their invoice and bank details."""

from __future__ import annotations

import pytest
from django.test import override_settings

from desk.billing import services as billing_services
from desk.billing.models import Invoice, Order, OrderStatus
from desk.billing.tests.factories import pending_order, store_of
from desk.catalog.models import Plan
from desk.entitlements import services as entitlement_services

BANK = {"beneficiary": "Vendor Ltd.", "bank": "First Bank", "iban": "DE00 1234", "swift": "FBXX"}
# session + user, COUNT, one page (plan, store and invoice joined)
LIST_QUERIES = 4


def invoiced_order(customer, plan_code="subscription-1y", **kwargs) -> Order:
    order = pending_order(customer, plan_code, **kwargs)
    billing_services.start_checkout(order=order)
    order.refresh_from_db()
    return order


@override_settings(DESK_BANK_DETAILS=BANK)
def test_placing_a_subscription_order_issues_an_invoice(as_alice, alice, alice_store):
    # when
    status, body = as_alice.post_json(
        "/api/orders", {"plan_code": "subscription-1y", "store_id": alice_store.pk}
    )
    # then
    assert status == 201
    order = Order.objects.get(customer=alice)
    invoice = Invoice.objects.get(order=order)
    assert body["id"] == order.pk
    assert body["number"] == order.number
    assert body["plan_code"] == "subscription-1y"
    assert (body["store_id"], body["store_url"]) == (alice_store.pk, "alice-shop.example")
    assert (body["quantity"], body["amount"], body["currency"]) == (1, "990.00", "USD")
    assert (body["status"], body["provider"]) == ("pending", "offline")
    assert body["paid_at"] is None
    assert body["invoice_number"] == invoice.number
    assert body["payment_reference"] == invoice.number
    assert body["bank_details"] == BANK


def test_placing_an_incident_order_needs_no_store(as_alice, alice):
    # when
    status, body = as_alice.post_json(
        "/api/orders", {"plan_code": "incident-normal", "quantity": 3}
    )
    # then
    assert status == 201
    assert (body["store_id"], body["quantity"], body["amount"]) == (None, 3, "297.00")
    assert Order.objects.get(customer=alice).status == OrderStatus.PENDING


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"plan_code": "no-such-plan"}, 404, "plan_not_on_sale"),
        ({"plan_code": "subscription-1y"}, 400, "store_required"),
        ({"plan_code": "incident-normal", "quantity": 0}, 400, "invalid_quantity"),
        ({"plan_code": "incident-normal", "quantity": 10**30}, 400, "invalid_quantity"),
        ({"plan_code": "subscription-1y", "store_id": 10**30}, 404, "store_not_found"),
        ({"plan_code": "subscription-1y", "store_id": -1}, 404, "store_not_found"),
        ({"plan_code": 7}, 422, "invalid_input"),
        ({"plan_code": "incident-normal", "quantity": "2"}, 422, "invalid_input"),
        ({"plan_code": "incident-normal", "quantity": True}, 422, "invalid_input"),
        ({"plan_code": "incident-normal", "quantity": 1.5}, 422, "invalid_input"),
        ({"plan_code": "subscription-1y", "store_id": "1"}, 422, "invalid_input"),
        ({"plan_code": "x" * 51}, 422, "invalid_input"),
        ({}, 422, "invalid_input"),
    ],
)
def test_refused_orders_have_codes_and_store_nothing(as_alice, alice, payload, status, code):
    # when
    answer = as_alice.post_json("/api/orders", payload)
    # then
    assert (answer[0], answer[1]["code"]) == (status, code)
    assert answer[1]["message"]
    assert not Order.objects.exists()


def test_store_of_another_customer_is_not_found(as_bob, alice_store):
    # when
    status, body = as_bob.post_json(
        "/api/orders", {"plan_code": "subscription-1m", "store_id": alice_store.pk}
    )
    # then
    assert (status, body["code"]) == (404, "store_not_found")
    assert not Order.objects.exists()


def test_incident_order_with_a_store_is_refused(as_alice, alice_store):
    status, body = as_alice.post_json(
        "/api/orders", {"plan_code": "incident-urgent", "store_id": alice_store.pk}
    )

    assert (status, body["code"]) == (400, "store_not_applicable")


def test_withdrawn_plan_is_not_on_sale(as_alice):
    # given
    Plan.objects.filter(code="incident-normal").update(is_active=False)
    # when
    status, body = as_alice.post_json("/api/orders", {"plan_code": "incident-normal"})
    # then
    assert (status, body["code"]) == (404, "plan_not_on_sale")


def test_list_shows_only_own_orders_newest_first(as_alice, alice, bob):
    # given
    older = invoiced_order(alice, "incident-normal")
    newer = invoiced_order(alice, store=store_of(alice, "alice-shop.example"))
    invoiced_order(bob, "incident-normal")
    # when
    status, body = as_alice.get_json("/api/orders")
    # then
    assert status == 200
    assert [row["id"] for row in body["items"]] == [newer.pk, older.pk]
    assert body["items"][0]["invoice_number"] == newer.invoice.number
    assert "bank_details" not in body["items"][0]


def test_paid_order_has_no_payment_instructions(as_alice, alice):
    # given
    order = invoiced_order(alice, "incident-normal", quantity=2)
    entitlement_services.confirm_payment(order_id=order.pk)
    # when
    status, body = as_alice.get_json(f"/api/orders/{order.pk}")
    # then
    assert status == 200
    assert body["status"] == "paid"
    assert body["paid_at"].endswith("Z")
    assert body["invoice_number"] == order.invoice.number
    assert (body["payment_reference"], body["bank_details"]) == (None, None)


def test_foreign_and_missing_orders_are_not_found(as_alice, bob):
    # given
    foreign = invoiced_order(bob, "incident-normal")
    # when
    answers = [
        as_alice.get_json(f"/api/orders/{order_id}")
        for order_id in (foreign.pk, foreign.pk + 1000, 0, -5, 99999999999999999999)
    ]
    # then
    expected = {"code": "order_not_found", "message": "Order not found."}
    assert answers == [(404, expected)] * 5


def test_list_runs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    # given
    invoiced_order(alice, store=store_of(alice, "shop-0.example"))
    with django_assert_num_queries(LIST_QUERIES):
        assert as_alice.get_json("/api/orders", page_size=100)[1]["count"] == 1
    for number in range(1, 30):
        if number % 2:
            invoiced_order(alice, store=store_of(alice, f"shop-{number}.example"))
        else:
            pending_order(alice, "incident-normal")  # no invoice yet
    # when
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_alice.get_json("/api/orders", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)


def test_detail_links_the_invoice_pdf_once_issued(as_alice, alice):
    # given
    invoiced = invoiced_order(alice, "incident-normal")
    entitlement_services.confirm_payment(order_id=invoiced.pk)
    not_invoiced = pending_order(alice, "incident-normal")
    # when
    paid = as_alice.get_json(f"/api/orders/{invoiced.pk}")[1]
    pending = as_alice.get_json(f"/api/orders/{not_invoiced.pk}")[1]
    download = as_alice.get(paid["invoice_pdf_url"])
    # then
    assert paid["invoice_pdf_url"] == f"/orders/{invoiced.pk}/invoice.pdf"
    assert pending["invoice_pdf_url"] is None
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")
    assert download.content.startswith(b"%PDF")


def test_invoice_pdf_url_is_not_in_the_list(as_alice, alice):
    # given
    invoiced_order(alice, "incident-normal")
    # when
    status, body = as_alice.get_json("/api/orders")
    # then
    assert status == 200
    assert "invoice_pdf_url" not in body["items"][0]

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError
from django.test import override_settings

from desk.billing import services
from desk.billing.models import Invoice, InvoiceSequence
from desk.billing.tests.concurrency import run_concurrently
from desk.billing.tests.factories import pending_order, store_of
from desk.core.errors import DeskError

MARCH_2026 = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def march_2026(monkeypatch):
    monkeypatch.setattr("desk.core.clock.now", lambda: MARCH_2026)


@override_settings(
    DESK_SELLER={"name": "Vendor Ltd.", "address": "1 Street", "tax_id": "77"},
    DESK_BANK_DETAILS={"beneficiary": "Vendor Ltd.", "bank": "Bank", "iban": "XX1", "swift": "S"},
)
def test_invoice_records_seller_buyer_and_lines(alice, march_2026):
    # given
    order = pending_order(alice, "subscription-1y", store=store_of(alice, "https://Shop.example/"))
    # when
    invoice = services.issue_invoice(order=order)
    # then
    invoice.refresh_from_db()
    assert invoice.number == "INV-2026-000001"
    assert invoice.issued_at == MARCH_2026
    assert invoice.seller == {
        "name": "Vendor Ltd.",
        "address": "1 Street",
        "tax_id": "77",
        "bank": {"beneficiary": "Vendor Ltd.", "bank": "Bank", "iban": "XX1", "swift": "S"},
    }
    assert invoice.buyer == {"name": "Alice Archer", "email": "alice@example.com"}
    assert invoice.lines == [
        {
            "plan_code": "subscription-1y",
            "description": "Support subscription, 1 year",
            "description_ru": "Подписка на поддержку, 1 год",
            "kind": "subscription",
            "store": "shop.example",
            "period_months": 12,
            "credits": None,
            "priority": "",
            "quantity": 1,
            "unit_price": "990.00",
            "amount": "990.00",
        }
    ]
    assert str(invoice.money) == "USD 990.00"


def test_incident_invoice_line_counts_credits(alice, march_2026):
    invoice = services.issue_invoice(order=pending_order(alice, "incident-normal", quantity=3))
    line = invoice.lines[0]
    assert (line["credits"], line["period_months"], line["store"]) == (3, None, None)
    assert (line["unit_price"], line["amount"]) == ("99.00", "297.00")


def test_numbers_follow_each_other_within_a_year(alice, march_2026):
    numbers = [
        services.issue_invoice(order=pending_order(alice, "incident-normal")).number
        for _ in range(3)
    ]
    assert numbers == ["INV-2026-000001", "INV-2026-000002", "INV-2026-000003"]


def test_new_year_in_moscow_starts_a_new_series(alice, monkeypatch):
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 12, 31, 20, 59, tzinfo=UTC))
    last_of_2026 = services.issue_invoice(order=pending_order(alice, "incident-normal"))
    # 21:30 UTC is already 00:30 on January 1st in Moscow
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 12, 31, 21, 30, tzinfo=UTC))
    first_of_2027 = services.issue_invoice(order=pending_order(alice, "incident-normal"))
    assert (last_of_2026.number, first_of_2027.number) == ("INV-2026-000001", "INV-2027-000001")


def test_issuing_again_returns_the_same_invoice(alice, march_2026):
    order = pending_order(alice, "incident-normal")
    first = services.issue_invoice(order=order)
    again = services.issue_invoice(order=order)
    assert again.pk == first.pk
    assert InvoiceSequence.objects.get(series="2026").last_number == 1


def test_cancelled_order_gets_no_invoice_and_takes_no_number(alice, march_2026):
    cancelled = pending_order(alice, "incident-normal")
    services.cancel_order(order_id=cancelled.pk)
    with pytest.raises(DeskError) as caught:
        services.issue_invoice(order=cancelled)
    assert caught.value.code == "order_not_pending"
    assert services.issue_invoice(order=pending_order(alice)).number == "INV-2026-000001"


def test_a_failed_insert_gives_its_number_back(alice, march_2026, monkeypatch):
    # given an insert that fails after the number was taken
    order = pending_order(alice, "incident-normal")
    real_create = Invoice.objects.create

    def failing_create(**kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Invoice.objects, "create", failing_create)
    with pytest.raises(IntegrityError):
        services.issue_invoice(order=order)
    # when the next invoice is issued
    monkeypatch.setattr(Invoice.objects, "create", real_create)
    invoice = services.issue_invoice(order=order)
    # then the sequence has no gap
    assert invoice.number == "INV-2026-000001"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_invoices_get_distinct_numbers_without_gaps(alice, march_2026):
    orders = [pending_order(alice, "incident-normal") for _ in range(10)]

    results = run_concurrently(lambda i: services.issue_invoice(order=orders[i]).number, 10)

    assert sorted(str(r) for r in results) == [f"INV-2026-{n:06d}" for n in range(1, 11)]
    assert InvoiceSequence.objects.get(series="2026").last_number == 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_checkouts_of_one_order_issue_one_invoice(alice, march_2026):
    order = pending_order(alice, "incident-normal")

    results = run_concurrently(lambda i: services.issue_invoice(order=order).number, 8)

    assert results == ["INV-2026-000001"] * 8
    assert Invoice.objects.count() == 1
    assert InvoiceSequence.objects.get(series="2026").last_number == 1

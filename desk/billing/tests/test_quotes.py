"""Quotes at the billing level: amount checks, the order of an accepted quote, its card checkout
(the quote's amount in minor units)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from desk.billing import quotes, services
from desk.billing.models import Order, OrderStatus, Quote, QuoteStatus
from desk.billing.tests.stripe_fakes import fake_stripe, use_stripe_test_keys
from desk.core.errors import DeskError

TICKET_ID = 4242  # billing knows requests by id only


def offered_quote(customer, engineer_user, amount: str = "1234.56") -> Quote:
    return quotes.create_quote(
        ticket_id=TICKET_ID,
        customer=customer,
        created_by=engineer_user,
        description="Custom shipping module",
        amount=Decimal(amount),
    )


@pytest.mark.parametrize(
    ("amount", "cleaned"),
    [
        (Decimal("0.01"), Decimal("0.01")),
        (Decimal("100000"), Decimal("100000.00")),
        (Decimal("12.5"), Decimal("12.50")),
        (Decimal("12.500"), Decimal("12.50")),
        (Decimal("1E+2"), Decimal("100.00")),
    ],
)
def test_check_amount_accepts_whole_cents_in_range(amount, cleaned):
    assert quotes.check_amount(amount) == cleaned


@pytest.mark.parametrize(
    "amount",
    ["0", "-0.01", "0.009", "1.001", "100000.01", "1E+400", "NaN", "sNaN", "Infinity"],
)
def test_check_amount_refuses_the_rest(amount):
    with pytest.raises(DeskError) as caught:
        quotes.check_amount(Decimal(amount))
    assert caught.value.code == "invalid_quote_amount"


def test_an_order_needs_exactly_one_of_plan_and_quote(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(customer=alice, amount=Decimal(1), provider="offline")
    assert not Order.objects.exists()


def test_one_open_quote_per_request_is_enforced_by_the_database(alice, engineer_en):
    offered_quote(alice, engineer_en.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(
            ticket_id=TICKET_ID,
            customer=alice,
            created_by=engineer_en.user,
            description="Racing offer",
            amount=Decimal(1),
        )
    assert Quote.objects.count() == 1


def test_stripe_checkout_for_a_quote_charges_its_amount_in_minor_units(
    alice, engineer_en, settings
):
    # given card payments and an accepted quote of USD 1,234.56
    use_stripe_test_keys(settings)
    quote = offered_quote(alice, engineer_en.user)
    with transaction.atomic():
        order, created = quotes.accept_quote(quote=quote, provider="stripe")
    assert created

    # when its checkout starts
    with fake_stripe() as stripe_api:
        start = services.start_checkout(order=order)

    # then Stripe is asked for one line of exactly the quote's amount
    [seen] = stripe_api.requests
    assert seen.params["line_items[0][quantity]"] == "1"
    assert seen.params["line_items[0][price_data][unit_amount]"] == "123456"
    assert seen.params["line_items[0][price_data][currency]"] == "usd"
    assert seen.params["line_items[0][price_data][product_data][name]"] == (
        f"Quoted work {quote.number} on request REQ-{TICKET_ID:06d}"
    )
    assert seen.params["client_reference_id"] == str(order.pk)
    assert start.redirect_url == "https://checkout.stripe.test/c/pay/cs_test_fake_1"
    order.refresh_from_db()
    assert (order.status, order.provider_reference) == (OrderStatus.PENDING, "cs_test_fake_1")


def test_an_unknown_provider_leaves_the_quote_offered(alice, engineer_en):
    quote = offered_quote(alice, engineer_en.user)

    with pytest.raises(DeskError) as caught, transaction.atomic():
        quotes.accept_quote(quote=quote, provider="bitcoin")

    assert caught.value.code == "unknown_provider"
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.OFFERED
    assert not Order.objects.exists()

"""Paying for a quote: fulfilment marks it paid and grants nothing; a refund takes nothing back.
(Marking paid once however often it is confirmed is in `desk/tickets/tests/test_quotes.py`.)"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from desk.billing import quotes
from desk.billing.models import OrderStatus, Quote, QuoteStatus
from desk.entitlements import services as entitlement_services
from desk.entitlements.revocation import revoke_order

TICKET_ID = 4242  # entitlements know requests by id only


def offered_quote(customer, engineer_user) -> Quote:
    return quotes.create_quote(
        ticket_id=TICKET_ID,
        customer=customer,
        created_by=engineer_user,
        description="Custom shipping module",
        amount=Decimal("300.00"),
    )


def test_refunding_a_paid_quote_takes_nothing_back(alice, engineer_en):
    # given a paid quote
    quote = offered_quote(alice, engineer_en.user)
    with transaction.atomic():
        order, _ = quotes.accept_quote(quote=quote, provider="offline")
    assert entitlement_services.confirm_payment(order_id=order.pk)

    # when its order is refunded
    assert revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED)

    # then the order shows it; the quote's work stays paid for the record
    order.refresh_from_db()
    quote.refresh_from_db()
    assert (order.status, quote.status) == (OrderStatus.REFUNDED, QuoteStatus.PAID)


def test_a_payment_for_a_withdrawn_quote_still_marks_it_paid(alice, engineer_en):
    # given an accepted quote withdrawn while the card payment was under way
    quote = offered_quote(alice, engineer_en.user)
    with transaction.atomic():
        order, _ = quotes.accept_quote(quote=quote, provider="offline")
        quotes.close_quote(quote=quote, status=QuoteStatus.WITHDRAWN)

    # when the provider reports the money taken
    assert entitlement_services.confirm_payment(order_id=order.pk, by_provider=True)

    # then money wins
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.PAID

"""Quotes at the billing level: the row, the order that pays it, and its payment.

What depends on the request (out of scope, closed, its history and mail) is decided one level up,
in `desk.tickets.quotes`, which calls these inside its transaction. Status moves are conditional
UPDATEs with a checked row count, so two racing decisions never both win.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from desk.accounts.models import User
from desk.billing import errors
from desk.billing.models import (
    OPEN_QUOTE_STATUSES,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
)
from desk.billing.providers import get_enabled_provider
from desk.billing.services import cancel_order
from desk.core import clock
from desk.core.money import Money

AMOUNT_MAX: Final = Decimal("100000.00")
DESCRIPTION_MAX: Final = 2_000
CENT: Final = Decimal("0.01")


def check_amount(amount: Decimal) -> Decimal:
    """Above zero, at most `AMOUNT_MAX`, whole cents; raises `invalid_quote_amount`."""
    refused = errors.invalid_quote_amount(str(Money(AMOUNT_MAX)))
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise refused
    if not Decimal(0) < amount <= AMOUNT_MAX:
        raise refused
    try:
        if amount != amount.quantize(CENT):
            raise refused
    except InvalidOperation as exc:
        raise refused from exc
    return amount.quantize(CENT)


def check_description(description: str) -> str:
    cleaned = description.replace("\x00", "").strip()
    if not cleaned or len(cleaned) > DESCRIPTION_MAX:
        raise errors.invalid_quote_description(DESCRIPTION_MAX)
    return cleaned


def quotes_for_ticket(ticket_id: int) -> QuerySet[Quote]:
    """A request's quotes, oldest first, each with its order (if any) joined."""
    return (
        Quote.objects.filter(ticket_id=ticket_id)
        .select_related("order")
        .order_by("created_at", "id")
    )


def create_quote(
    *, ticket_id: int, customer: User, created_by: User, description: str, amount: Decimal
) -> Quote:
    """Offer a quote; raises `quote_already_open`. Values are checked by the caller
    (`check_amount`, `check_description`), who holds the request's row lock."""
    if Quote.objects.filter(ticket_id=ticket_id, status__in=OPEN_QUOTE_STATUSES).exists():
        raise errors.quote_already_open()
    try:
        with transaction.atomic():
            return Quote.objects.create(
                ticket_id=ticket_id,
                customer=customer,
                created_by=created_by,
                description=description,
                amount=amount,
                created_at=clock.now(),
            )
    except IntegrityError as exc:  # a concurrent offer took the one open slot (SQLite: no lock)
        raise errors.quote_already_open() from exc


def lock_quote(*, quote_id: int, customer: User | None = None) -> Quote:
    """The quote, row-locked; only the customer's own when `customer` is given. Caller holds a
    transaction. Raises `quote_not_found` (foreign and missing alike)."""
    quotes = Quote.objects.select_for_update()
    if customer is not None:
        quotes = quotes.filter(customer_id=customer.pk)
    quote = quotes.filter(pk=quote_id).first()
    if quote is None:
        raise errors.quote_not_found()
    return quote


def accept_quote(*, quote: Quote, provider: str) -> tuple[Order, bool]:
    """Accept an offered quote and place its order, awaiting payment: (order, created).

    Accepting again while its order awaits payment gives that order back (a double click, a
    retry), with the provider first chosen. Caller holds a transaction. Raises
    `unknown_provider`, `quote_not_open`.
    """
    get_enabled_provider(provider)
    if quote.status == QuoteStatus.ACCEPTED:
        existing = Order.objects.filter(quote=quote, status=OrderStatus.PENDING).first()
        if existing is None:
            raise errors.quote_not_open()
        return existing, False
    accepted = Quote.objects.filter(pk=quote.pk, status=QuoteStatus.OFFERED).update(
        status=QuoteStatus.ACCEPTED, decided_at=clock.now()
    )
    if accepted != 1:
        raise errors.quote_not_open()
    quote.refresh_from_db()
    order = Order.objects.create(
        customer_id=quote.customer_id,
        quote=quote,
        quantity=1,
        amount=quote.amount,
        currency=quote.currency,
        provider=provider,
    )
    return order, True


def close_quote(*, quote: Quote, status: QuoteStatus) -> None:
    """Decline or withdraw an open quote. An accepted quote's order still awaiting payment is
    cancelled with it; one that was paid meanwhile keeps the quote (`quote_not_open`).
    Caller holds a transaction."""
    if status not in (QuoteStatus.DECLINED, QuoteStatus.WITHDRAWN):
        raise ValueError(f"not a closing status: {status}")
    order = Order.objects.filter(quote=quote).first()
    if order is not None and order.status == OrderStatus.PENDING:
        cancel_order(order_id=order.pk)
    if Order.objects.filter(quote=quote, status=OrderStatus.PAID).exists():
        raise errors.quote_not_open()
    closed = Quote.objects.filter(pk=quote.pk, status__in=OPEN_QUOTE_STATUSES).update(
        status=status, decided_at=clock.now()
    )
    if closed != 1:
        raise errors.quote_not_open()
    quote.refresh_from_db()


def mark_quote_paid(*, quote_id: int) -> bool:
    """The quote's order was paid: True for exactly one caller, however many race.

    Money wins: a quote withdrawn or declined while the provider took its payment is paid too.
    """
    updated = (
        Quote.objects.filter(pk=quote_id)
        .exclude(status=QuoteStatus.PAID)
        .update(status=QuoteStatus.PAID)
    )
    return updated == 1

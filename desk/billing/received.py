"""An offline payment as staff record it ("Mark paid"): it must settle the order exactly.

We refuse a mismatch rather than record an under- or overpayment: a partly paid order would
activate a purchase that was not paid for, and an overpayment needs a refund decision first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from desk.billing import errors
from desk.billing.models import Order, OrderStatus
from desk.billing.providers import get_provider
from desk.core import clock
from desk.core.formatting import format_day, format_money


def check_payment_received(
    *, order: Order, amount: Decimal, currency: str, received_on: date
) -> None:
    """Raise unless `amount` in `currency`, received on `received_on`, pays `order` now.

    Days are calendar days in the active time zone (the viewer's): not after today there, not
    before the day the order was placed there. Codes: `order_already_paid`, `order_not_pending`,
    `payment_not_offline`, `payment_currency_mismatch`, `payment_amount_mismatch`,
    `payment_date_in_future`, `payment_date_before_order`.
    """
    if order.status == OrderStatus.PAID:
        raise errors.order_already_paid()
    if order.status != OrderStatus.PENDING:
        raise errors.order_not_pending()
    if not get_provider(order.provider).is_manual:
        raise errors.payment_not_offline()
    if currency != order.currency:
        raise errors.payment_currency_mismatch(order.currency)
    if amount != order.amount:
        raise errors.payment_amount_mismatch(format_money(order.amount, order.currency))
    if received_on > timezone.localdate(clock.now()):
        raise errors.payment_date_in_future()
    placed = timezone.localdate(order.created_at)
    if received_on < placed:
        raise errors.payment_date_before_order(format_day(placed))

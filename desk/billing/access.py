"""Permission-checked loads of orders. A foreign or missing order is the same 404."""

from __future__ import annotations

from desk.accounts.models import User
from desk.billing import errors
from desk.billing.models import Order, Quote


def access_order(user: User, order_id: int) -> Order:
    """The customer's own order with its plan, store and invoice; raises `order_not_found`."""
    order = (
        Order.objects.select_related("plan", "store", "invoice", "quote")
        .filter(pk=order_id, customer_id=user.pk)
        .first()
    )
    if order is None:
        raise errors.order_not_found()
    return order


def access_order_for_staff(user: User, order_id: int) -> Order:
    """Any order, for an active engineer or a superuser; everyone else gets `order_not_found`."""
    if not (user.is_active and (user.is_engineer or user.is_superuser)):
        raise errors.order_not_found()
    order = (
        Order.objects.select_related("customer", "plan", "store", "quote")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise errors.order_not_found()
    return order


def access_order_invoice(user: User, order_id: int) -> Order:
    """An order with an invoice, for its customer or staff; raises `order_not_found` otherwise
    (also when it has no invoice yet)."""
    is_staff = user.is_active and (user.is_engineer or user.is_superuser)
    orders = Order.objects.select_related("invoice", "customer").filter(
        pk=order_id, invoice__isnull=False
    )
    if not is_staff:
        orders = orders.filter(customer_id=user.pk)
    order = orders.first()
    if order is None:
        raise errors.order_not_found()
    return order


def access_quote(user: User, quote_id: int) -> Quote:
    """The customer's own quote; raises `quote_not_found` (foreign and missing alike)."""
    quote = Quote.objects.filter(pk=quote_id, customer_id=user.pk).first()
    if quote is None:
        raise errors.quote_not_found()
    return quote


def access_quote_for_staff(user: User, quote_id: int) -> Quote:
    """Any quote, for an active engineer or a superuser; `quote_not_found` for everyone else."""
    if not (user.is_active and (user.is_engineer or user.is_superuser)):
        raise errors.quote_not_found()
    quote = Quote.objects.filter(pk=quote_id).first()
    if quote is None:
        raise errors.quote_not_found()
    return quote

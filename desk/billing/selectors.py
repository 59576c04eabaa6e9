"""Reads of orders and invoices, shaped for list pages: related rows joined, never N+1."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from desk.accounts.models import User
from desk.billing.models import Order, OrderStatus

_ORDER_NUMBER = re.compile(r"^SD-?0*(\d{1,12})$", re.IGNORECASE)


def orders_of(customer: User) -> QuerySet[Order]:
    """The customer's orders, newest first, with plan, store and invoice."""
    return (
        Order.objects.filter(customer_id=customer.pk)
        .select_related("plan", "store", "invoice", "quote")
        .order_by("-created_at", "-id")
    )


def orders_awaiting_payment(search: str = "") -> QuerySet[Order]:
    """Pending orders, oldest first, for staff matching bank transfers.

    `search` matches an invoice number (the transfer reference), an order number (`SD-000042`)
    or the customer's email.
    """
    return orders_for_staff(status=OrderStatus.PENDING, search=search)


def orders_for_staff(*, status: str, search: str = "") -> QuerySet[Order]:
    """Orders in `status` for the console: pending oldest first, others newest first."""
    ordering = ("created_at", "id") if status == OrderStatus.PENDING else ("-created_at", "-id")
    orders = (
        Order.objects.filter(status=status)
        .select_related("customer", "plan", "store", "invoice", "quote")
        .order_by(*ordering)
    )
    term = search.replace("\x00", "").strip()
    if not term:
        return orders
    condition = Q(invoice__number__iexact=term) | Q(customer__email__icontains=term)
    number = _ORDER_NUMBER.match(term)
    if number:
        condition |= Q(pk=int(number.group(1)))
    return orders.filter(condition)

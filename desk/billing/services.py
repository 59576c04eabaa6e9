"""Every state change of orders, invoices and payments. Granting what was bought is entitlements'
job (`desk.entitlements.services.confirm_payment` marks paid *and* fulfils, in one transaction).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from desk.accounts.models import User
from desk.billing import errors, lines
from desk.billing.models import REVOKED_STATUSES, Invoice, InvoiceSequence, Order, OrderStatus
from desk.billing.providers import CheckoutStart, get_enabled_provider, get_provider
from desk.catalog.models import Plan
from desk.core import clock
from desk.outbox.services import enqueue_mail
from desk.stores.models import Store

MAX_QUANTITY: Final = 100  # our policy: larger purchases go through Sales
# Invoice years and dates follow the seller's calendar, not UTC.
INVOICE_ZONE: Final = ZoneInfo(getattr(settings, "DESK_INVOICE_TIME_ZONE", "Europe/Moscow"))


def place_order(
    *,
    customer: User,
    plan: Plan,
    store: Store | None = None,
    quantity: int = 1,
    provider: str = "offline",
) -> Order:
    """Record a purchase awaiting payment; nothing is granted until it is paid.

    A subscription needs a store of the customer's; incident credits have none. The price is read
    from the catalog now. Raises `unknown_provider`, `plan_not_on_sale`, `invalid_quantity`,
    `store_required`, `store_not_found`, `store_not_applicable`.
    """
    get_enabled_provider(provider)
    current = Plan.objects.filter(pk=plan.pk, is_active=True).first()
    if current is None:
        raise errors.plan_not_on_sale()
    if not 1 <= quantity <= MAX_QUANTITY:
        raise errors.invalid_quantity(MAX_QUANTITY)
    if current.is_subscription:
        if store is None:
            raise errors.store_required()
        if not Store.objects.filter(pk=store.pk, customer=customer).exists():
            raise errors.store_not_found()
    elif store is not None:
        raise errors.store_not_applicable()
    return Order.objects.create(
        customer=customer,
        plan=current,
        store=store,
        quantity=quantity,
        amount=(current.money * quantity).amount,
        currency=current.currency,
        provider=provider,
    )


def start_checkout(*, order: Order) -> CheckoutStart:
    """Hand a pending order to its payment provider; raises `order_not_pending`."""
    if order.status != OrderStatus.PENDING:
        raise errors.order_not_pending()
    return get_provider(order.provider).start_checkout(order)


def set_provider_reference(*, order: Order, reference: str) -> None:
    """Remember the provider's id for the payment (invoice number, checkout session id)."""
    if order.provider_reference != reference:
        order.provider_reference = reference
        order.save(update_fields=["provider_reference"])


def issue_invoice(*, order: Order) -> Invoice:
    """The order's invoice: issued now with the next number of the year, or the one it has.

    Pending orders get theirs at checkout (the offline provider: it carries the bank details);
    paid ones at the latest when they are fulfilled, so that every paid order has one. Numbers
    have no gaps: the sequence row is advanced in the same transaction as the insert, so a
    failure gives the number back. Raises `order_not_pending` for a cancelled or refunded order
    without one.
    """
    with transaction.atomic():
        locked = (
            Order.objects.select_for_update(of=("self",))
            .select_related("plan", "store", "customer", "quote")
            .get(pk=order.pk)
        )
        existing = Invoice.objects.filter(order=locked).first()
        if existing is not None:
            return existing
        if locked.status not in (OrderStatus.PENDING, OrderStatus.PAID):
            raise errors.order_not_pending()
        issued_at = clock.now()
        invoice = Invoice.objects.create(
            order=locked,
            number=_next_invoice_number(issued_at),
            issued_at=issued_at,
            seller={**settings.DESK_SELLER, "bank": dict(settings.DESK_BANK_DETAILS)},
            buyer={
                "name": locked.customer.full_name or locked.customer.email,
                "email": locked.customer.email,
            },
            lines=[_invoice_line(locked)],
            amount=locked.amount,
            currency=locked.currency,
        )
        if locked.status == OrderStatus.PENDING:  # a paid order's mail is "payment received"
            _notify_invoice_issued(invoice)
        return invoice


def _notify_invoice_issued(invoice: Invoice) -> None:
    order = invoice.order
    path = reverse("portal:order", args=[order.pk])
    enqueue_mail(
        event_key=f"invoice-issued:{invoice.pk}",
        recipient=order.customer,
        template="invoice_issued",
        context={
            "customer_name": order.customer.display_name,
            "invoice_number": invoice.number,
            "amount": str(invoice.money),
            "invoice_url": settings.SITE_URL.rstrip("/") + path,
        },
    )


def _next_invoice_number(issued_at: datetime) -> str:
    """Take the next number of the year's series. Caller holds a transaction.

    The increment is one UPDATE of the sequence row (PostgreSQL row-locks it until commit;
    SQLite's IMMEDIATE transactions serialise writers), so two invoices never share a number.
    """
    series = str(issued_at.astimezone(INVOICE_ZONE).year)
    if not InvoiceSequence.objects.filter(series=series).exists():
        try:
            with transaction.atomic():
                InvoiceSequence.objects.create(series=series, last_number=0)
        except IntegrityError:  # created by a concurrent first invoice of the year
            pass
    taken = InvoiceSequence.objects.filter(series=series).update(last_number=F("last_number") + 1)
    if taken != 1:
        raise RuntimeError(f"invoice sequence {series} is missing")
    number = InvoiceSequence.objects.values_list("last_number", flat=True).get(series=series)
    return f"INV-{series}-{number:06d}"


def _invoice_line(order: Order) -> dict[str, Any]:
    if order.quote is not None:
        return lines.quote_invoice_line(order, order.quote)
    plan = order.plan
    if plan is None:  # the check constraint makes this impossible
        raise ValueError(f"order {order.pk} has neither a plan nor a quote")
    unit_price = (order.amount / order.quantity).quantize(Decimal("0.01"))
    return {
        "plan_code": plan.code,
        "description": plan.name,
        "description_ru": plan.name_ru,
        "kind": plan.kind,
        "store": order.store.canonical_url if order.store is not None else None,
        "period_months": plan.period_months * order.quantity if plan.period_months else None,
        "credits": order.quantity if not plan.is_subscription else None,
        "priority": plan.incident_priority,
        "quantity": order.quantity,
        "unit_price": str(unit_price),
        "amount": str(order.amount),
    }


def mark_order_paid(
    *,
    order_id: int,
    by: User | None,
    include_cancelled: bool = False,
    received_amount: Decimal | None = None,
    received_on: date | None = None,
) -> bool:
    """Move a pending order to paid; True for exactly one caller, however many race.

    `received_amount`/`received_on`: an offline payment as staff recorded it (checked first by
    `desk.billing.received.check_payment_received`).

    `include_cancelled`: a provider took the money for an order the customer cancelled
    meanwhile (in another tab); the payment wins, the purchase is not lost.
    Does not grant anything: call `desk.entitlements.services.confirm_payment`, which wraps this
    and the fulfilment in one transaction.
    """
    statuses = [OrderStatus.PENDING]
    if include_cancelled:
        statuses.append(OrderStatus.CANCELLED)
    updated = Order.objects.filter(pk=order_id, status__in=statuses).update(
        status=OrderStatus.PAID,
        paid_at=clock.now(),
        marked_paid_by=by,
        received_amount=received_amount,
        received_on=received_on,
    )
    return updated == 1


def cancel_order(*, order_id: int) -> bool:
    """Cancel an order still awaiting payment; False when it was paid or cancelled already."""
    updated = Order.objects.filter(pk=order_id, status=OrderStatus.PENDING).update(
        status=OrderStatus.CANCELLED
    )
    return updated == 1


def claim_fulfilment(*, order_id: int) -> bool:
    """Mark a paid order fulfilled; True for exactly one caller, however many race.

    The caller must grant the entitlement in the same transaction, so that a failure after the
    claim rolls the claim back too.
    """
    claimed = Order.objects.filter(
        pk=order_id, status=OrderStatus.PAID, fulfilled_at__isnull=True
    ).update(fulfilled_at=clock.now())
    return claimed == 1


def mark_order_revoked(*, order_id: int, status: str) -> bool:
    """Move a paid (or still pending) order to refunded/disputed; True for exactly one caller.

    A pending order is revoked when a refund or dispute is processed before its payment: the
    later payment notice then finds it not pending and grants nothing. Does not take anything
    back: call `desk.entitlements.revocation.revoke_order`, which wraps this.
    """
    if status not in REVOKED_STATUSES:
        raise ValueError(f"not a revoked status: {status}")
    updated = Order.objects.filter(
        pk=order_id,
        status__in=[OrderStatus.PENDING, OrderStatus.PAID],
        revoked_at__isnull=True,
    ).update(status=status, revoked_at=clock.now())
    return updated == 1


def paid_unfulfilled_order_ids(limit: int = 500) -> list[int]:
    """Orders marked paid whose purchase was never granted (a crash, a lost task)."""
    return list(
        Order.objects.filter(status=OrderStatus.PAID, fulfilled_at__isnull=True)
        .order_by("paid_at", "id")
        .values_list("pk", flat=True)[:limit]
    )

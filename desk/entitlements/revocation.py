"""Taking back what a refunded or disputed order granted, exactly once.

A subscription loses the period the order paid for (ending now when nothing else paid for it);
incident credits still unused are withdrawn, and credits already used are recorded as a
`CreditDeficit` for staff: a balance never goes negative.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F

from desk.billing import services as billing_services
from desk.billing.models import Order
from desk.core import clock
from desk.entitlements.models import (
    CreditBalance,
    CreditDeficit,
    CreditEntry,
    CreditReason,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventKind,
)


def revoke_order(*, order_id: int, status: str) -> bool:
    """Mark the order refunded/disputed and take back what it granted, in one transaction.

    True for exactly one caller however many race (console refund, `charge.refunded`,
    `charge.dispute.created`); the others change nothing. An order revoked before it was
    fulfilled is never fulfilled afterwards (fulfilment needs a paid order).
    """
    with transaction.atomic():
        if not billing_services.mark_order_revoked(order_id=order_id, status=status):
            return False
        order = Order.objects.select_related("plan", "store", "customer").get(pk=order_id)
        if order.fulfilled_at is None or order.plan is None:
            return True  # a quote's order granted nothing: its work cannot be taken back
        if order.plan.is_subscription:
            _shorten_subscription(order, status)
        else:
            _withdraw_credits(order)
    return True


def _shorten_subscription(order: Order, status: str) -> None:
    """Remove the span the order added; the store's later purchases keep theirs."""
    subscription = Subscription.objects.select_for_update().filter(store=order.store).first()
    granted = (
        SubscriptionEvent.objects.filter(
            subscription=subscription,
            order=order,
            kind__in=[SubscriptionEventKind.STARTED, SubscriptionEventKind.EXTENDED],
        ).first()
        if subscription is not None
        else None
    )
    if subscription is None or granted is None or granted.ends_after is None:
        return
    period_start = granted.created_at
    if granted.ends_before is not None and granted.ends_before > period_start:
        period_start = granted.ends_before
    now = clock.now()
    before = subscription.ends_at
    subscription.ends_at = max(before - (granted.ends_after - period_start), now)
    # `ends_at > starts_at` is a constraint; a period refunded at its very start ends at once.
    subscription.starts_at = min(
        subscription.starts_at, subscription.ends_at - timedelta(microseconds=1)
    )
    subscription.save(update_fields=["starts_at", "ends_at"])
    SubscriptionEvent.objects.create(
        subscription=subscription,
        kind=SubscriptionEventKind.REVOKED,
        order=order,
        ends_before=before,
        ends_after=subscription.ends_at,
        data={"reason": status},
        created_at=now,
    )


def _withdraw_credits(order: Order) -> None:
    """Withdraw up to the order's credits from the balance; record the rest as a deficit."""
    if order.plan is None:
        raise ValueError(f"order {order.pk} bought no credits")
    priority = order.plan.incident_priority
    balance = (
        CreditBalance.objects.select_for_update()
        .filter(customer_id=order.customer_id, priority=priority)
        .first()
    )
    unused = balance.remaining if balance is not None else 0
    withdrawn = min(order.quantity, unused)
    if balance is not None and withdrawn:
        taken = CreditBalance.objects.filter(pk=balance.pk, remaining__gte=withdrawn).update(
            remaining=F("remaining") - withdrawn
        )
        if taken != 1:  # the row is locked (PostgreSQL) or writers are serialised (SQLite)
            raise RuntimeError(f"credit balance {balance.pk} changed under its lock")
        CreditEntry.objects.create(
            customer_id=order.customer_id,
            priority=priority,
            delta=-withdrawn,
            reason=CreditReason.REFUND,
            order=order,
            note=f"{order.number}",
        )
    if withdrawn < order.quantity:
        CreditDeficit.objects.create(
            customer_id=order.customer_id,
            order=order,
            priority=priority,
            count=order.quantity - withdrawn,
        )

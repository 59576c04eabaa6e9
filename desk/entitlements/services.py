"""Every state change of entitlements: fulfilment, the credit ledger, fair use."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from desk.accounts.models import User
from desk.billing import errors as billing_errors
from desk.billing import lines as billing_lines
from desk.billing import quotes as billing_quotes
from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.received import check_payment_received
from desk.core import clock
from desk.entitlements import errors, tasks
from desk.entitlements.models import (
    CreditBalance,
    CreditEntry,
    CreditReason,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventKind,
    UsageKind,
    UsageRecord,
)
from desk.entitlements.periods import add_months
from desk.outbox.services import enqueue_mail
from desk.stores.models import Store


def confirm_payment(*, order_id: int, by: User | None = None, by_provider: bool = False) -> bool:
    """The money arrived: mark the order paid and grant what it bought, in one transaction.

    True for exactly one caller however many race (console, admin, a provider webhook); the
    others get False and change nothing. A failed grant rolls the payment mark back too. An
    order already marked paid but never fulfilled (marked outside this service) is fulfilled now.
    `by_provider`: the provider took the money, so an order cancelled meanwhile is paid anyway.
    """
    with transaction.atomic():
        marked = billing_services.mark_order_paid(
            order_id=order_id, by=by, include_cancelled=by_provider
        )
        fulfilled = fulfil_order(order_id=order_id)
    return marked or fulfilled


def record_offline_payment(
    *, order_id: int, by: User, amount: Decimal, currency: str, received_on: date
) -> None:
    """Staff record a bank transfer that arrived: checked against the order (exact amount and
    currency, a plausible day), stored on it, and the purchase granted, in one transaction.

    Refused with a code (`desk.billing.received`), nothing changed; a second call for the same
    order is `order_already_paid`, however the two race (the paid mark is a conditional update).
    """
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise billing_errors.order_not_found()
        check_payment_received(
            order=order, amount=amount, currency=currency, received_on=received_on
        )
        marked = billing_services.mark_order_paid(
            order_id=order_id, by=by, received_amount=amount, received_on=received_on
        )
        if not marked:  # lost a race to another "Mark paid" or a cancel
            order.refresh_from_db(fields=["status"])
            if order.status == OrderStatus.PAID:
                raise billing_errors.order_already_paid()
            raise billing_errors.order_not_pending()
        fulfil_order(order_id=order_id)


def fulfil_order(*, order_id: int) -> bool:
    """Grant what a paid order bought, exactly once, and make sure it has its invoice.

    Returns False if it was already fulfilled (or is not paid).
    """
    with transaction.atomic():
        if not billing_services.claim_fulfilment(order_id=order_id):
            return False
        order = Order.objects.select_related("plan", "store", "customer", "quote").get(pk=order_id)
        billing_services.issue_invoice(order=order)
        if order.quote is not None:
            # Quoted work grants nothing; the quote shows paid on its request (no ticket event:
            # entitlements may not import tickets, and the quote's status is the record).
            billing_quotes.mark_quote_paid(quote_id=order.quote.pk)
        elif order.plan is None:
            raise ValueError(f"order {order.pk} has neither a plan nor a quote")
        elif order.plan.is_subscription:
            grant_subscription(order=order)
        else:
            add_credits(
                customer=order.customer,
                priority=order.plan.incident_priority,
                count=order.quantity,
                reason=CreditReason.PURCHASE,
                order=order,
            )
        _notify_order_paid(order)
    return True


def _notify_order_paid(order: Order) -> None:
    customer = order.customer
    enqueue_mail(
        event_key=f"order-paid:{order.pk}",
        recipient=customer,
        template="order_paid",
        context={
            "customer_name": customer.display_name,
            "amount": str(order.money),
            "plan_name": billing_lines.item_name(order, customer.language),
            "order_number": order.number,
            "orders_url": settings.SITE_URL.rstrip("/") + reverse("portal:order", args=[order.pk]),
        },
    )


def grant_subscription(*, order: Order) -> Subscription:
    """Start or extend the subscription of the order's store. Caller holds a transaction.

    Buying again before expiry extends from the current end; after expiry a new period starts now.
    """
    store, plan = order.store, order.plan
    if (
        store is None
        or plan is None
        or plan.period_months is None
        or store.customer_id != order.customer_id
    ):
        raise ValueError(f"order {order.pk} cannot grant a subscription")
    # Lock the store row: with no subscription yet there is no subscription row to lock, and two
    # orders for one store must not both create one (PostgreSQL; SQLite serialises writers).
    Store.objects.select_for_update().filter(pk=store.pk).values_list("pk").get()
    now = clock.now()
    months = plan.period_months * order.quantity
    current = Subscription.objects.select_for_update().filter(store=store).first()
    if current is None:
        subscription = Subscription.objects.create(
            customer=order.customer,
            store=store,
            plan=plan,
            starts_at=now,
            ends_at=add_months(now, months),
        )
        _subscription_event(subscription, SubscriptionEventKind.STARTED, order, None)
        tasks.schedule_renewal_reminders(subscription)
        return subscription
    before = current.ends_at
    if current.ends_at <= now:
        current.starts_at = now
    current.ends_at = add_months(max(current.ends_at, now), months)
    current.plan = plan
    current.save(update_fields=["starts_at", "ends_at", "plan"])
    _subscription_event(current, SubscriptionEventKind.EXTENDED, order, before)
    tasks.schedule_renewal_reminders(current)
    return current


def _subscription_event(
    subscription: Subscription, kind: str, order: Order | None, ends_before: datetime | None
) -> None:
    SubscriptionEvent.objects.create(
        subscription=subscription,
        kind=kind,
        order=order,
        ends_before=ends_before,
        ends_after=subscription.ends_at,
        created_at=clock.now(),  # the domain clock: revocation measures the period from it
    )


def _balance(customer: User, priority: str) -> CreditBalance:
    try:
        with transaction.atomic():
            balance, _ = CreditBalance.objects.get_or_create(customer=customer, priority=priority)
    except IntegrityError:  # created concurrently
        balance = CreditBalance.objects.get(customer=customer, priority=priority)
    return balance


def add_credits(
    *,
    customer: User,
    priority: str,
    count: int,
    reason: str,
    order: Order | None = None,
    ticket_id: int | None = None,
    note: str = "",
) -> CreditEntry:
    """Add `count` credits with a ledger row, atomically."""
    if count < 1:
        raise ValueError("count must be positive")
    with transaction.atomic():
        balance = _balance(customer, priority)
        CreditBalance.objects.filter(pk=balance.pk).update(remaining=F("remaining") + count)
        return CreditEntry.objects.create(
            customer=customer,
            priority=priority,
            delta=count,
            reason=reason,
            order=order,
            ticket_id=ticket_id,
            note=note,
        )


def consume_credit(*, customer: User, priority: str, ticket_id: int | None = None) -> CreditEntry:
    """Spend one credit. The conditional UPDATE makes concurrent spends of the last credit safe:
    exactly one caller sees a changed row; the others get `no_incident_credit`.
    """
    with transaction.atomic():
        spent = CreditBalance.objects.filter(
            customer=customer, priority=priority, remaining__gt=0
        ).update(remaining=F("remaining") - 1)
        if spent != 1:
            raise errors.no_incident_credit()
        return CreditEntry.objects.create(
            customer=customer,
            priority=priority,
            delta=-1,
            reason=CreditReason.CONSUME,
            ticket_id=ticket_id,
        )


def attach_credit_to_ticket(*, entry: CreditEntry, ticket_id: int) -> None:
    """Record which request a consumed credit paid for (the ticket id exists only after insert)."""
    CreditEntry.objects.filter(pk=entry.pk, ticket_id__isnull=True).update(ticket_id=ticket_id)


def return_credit(*, ticket_id: int, note: str = "") -> CreditEntry | None:
    """Give back the credit a request consumed (out of scope, duplicate). Once per request.

    Returns the new ledger row, or None when the request used no credit or it was returned already.
    """
    with transaction.atomic():
        consumed = (
            CreditEntry.objects.filter(ticket_id=ticket_id, reason=CreditReason.CONSUME)
            .select_related("customer")
            .first()
        )
        if (
            consumed is None
            or CreditEntry.objects.filter(ticket_id=ticket_id, reason=CreditReason.RETURN).exists()
        ):
            return None
        try:
            with transaction.atomic():
                return add_credits(
                    customer=consumed.customer,
                    priority=consumed.priority,
                    count=1,
                    reason=CreditReason.RETURN,
                    ticket_id=ticket_id,
                    note=note,
                )
        except IntegrityError:  # a concurrent return won the unique (ticket_id, reason) slot
            return None


def record_usage(*, subscription: Subscription, kind: str, ticket_id: int | None = None) -> bool:
    """Count a request or an engineer reply for fair use; flag (never block) above thresholds.

    Usage is counted over the last `DESK_FAIR_USE_WINDOW_DAYS` days, but not before staff last
    cleared a flag: a reviewed subscription is flagged again only after another full allowance.
    Returns True when this call raised a new flag.

    A subscription already flagged (as the caller read it, in this request) is only counted:
    nothing can change until staff clear it, so neither the usage nor the last clearing is read
    and no UPDATE is sent (five statements per request of a busy customer, issue 11).
    """
    now = clock.now()
    UsageRecord.objects.create(subscription=subscription, kind=kind, ticket_id=ticket_id)
    if subscription.fair_use_flagged_at is not None:
        return False
    limit = (
        settings.DESK_FAIR_USE_MAX_REQUESTS
        if kind == UsageKind.REQUEST
        else settings.DESK_FAIR_USE_MAX_REPLIES
    )
    since = now - timedelta(days=settings.DESK_FAIR_USE_WINDOW_DAYS)
    used = _usage_since(subscription, kind, since)
    if used <= limit:
        return False
    cleared_at = (
        SubscriptionEvent.objects.filter(
            subscription=subscription, kind=SubscriptionEventKind.FAIR_USE_CLEARED
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if cleared_at is not None and cleared_at > since:
        used = _usage_since(subscription, kind, cleared_at)
        if used <= limit:
            return False
    with transaction.atomic():
        flagged = Subscription.objects.filter(
            pk=subscription.pk, fair_use_flagged_at__isnull=True
        ).update(fair_use_flagged_at=now)
        if flagged:
            subscription.fair_use_flagged_at = now
            SubscriptionEvent.objects.create(
                subscription=subscription,
                kind=SubscriptionEventKind.FAIR_USE_FLAGGED,
                data={
                    "kind": kind,
                    "count": used,
                    "limit": limit,
                    "window_days": settings.DESK_FAIR_USE_WINDOW_DAYS,
                },
            )
    return bool(flagged)


def _usage_since(subscription: Subscription, kind: str, since: datetime) -> int:
    return UsageRecord.objects.filter(
        subscription=subscription, kind=kind, created_at__gt=since
    ).count()


def clear_fair_use_flag(*, subscription_id: int, by: User | None, note: str = "") -> bool:
    """Staff reviewed a flagged subscription and accept the usage. False if it was not flagged."""
    with transaction.atomic():
        cleared = Subscription.objects.filter(
            pk=subscription_id, fair_use_flagged_at__isnull=False
        ).update(fair_use_flagged_at=None)
        if cleared:
            SubscriptionEvent.objects.create(
                subscription_id=subscription_id,
                kind=SubscriptionEventKind.FAIR_USE_CLEARED,
                data={"by": by.pk if by is not None else None, "note": note[:500]},
            )
    return bool(cleared)

"""Entitlements built the way customers get them: a placed order, then a confirmed payment."""

from __future__ import annotations

from desk.accounts.models import User
from desk.billing.models import Order
from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import services
from desk.entitlements.models import Subscription
from desk.stores.models import Store


def paid_order(
    customer: User,
    plan_code: str = "subscription-1y",
    *,
    store: Store | None = None,
    quantity: int = 1,
) -> Order:
    order = pending_order(customer, plan_code, store=store, quantity=quantity)
    assert services.confirm_payment(order_id=order.pk)
    order.refresh_from_db()
    return order


def subscription_for(
    customer: User, url: str = "example.com", plan_code: str = "subscription-1m"
) -> Subscription:
    store = store_of(customer, url)
    paid_order(customer, plan_code, store=store)
    return Subscription.objects.select_related("store", "plan").get(store=store)


def credits_for(customer: User, priority: str = "normal", count: int = 1) -> Order:
    return paid_order(customer, f"incident-{priority}", quantity=count)

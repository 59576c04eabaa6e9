"""Test data built through services, like real data: the seeded catalog, stores, orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desk.accounts.models import User
from desk.billing import services
from desk.billing.models import Order
from desk.catalog.models import Plan
from desk.stores import services as store_services
from desk.stores.models import Store

# The seeded catalog (PRODUCT.md §2, catalog migration 0002). Transactional tests flush the
# database, so `catalog_plan` re-creates a seeded plan when it is missing.
SEEDED_PLANS: dict[str, dict[str, Any]] = {
    "subscription-1y": {
        "kind": "subscription",
        "name": "Support subscription, 1 year",
        "name_ru": "Подписка на поддержку, 1 год",
        "period_months": 12,
        "incident_priority": "",
        "price": Decimal("990.00"),
        "allows_hotrush": True,
        "includes_calls": True,
        "includes_installation": True,
        "sort_order": 0,
    },
    "subscription-1m": {
        "kind": "subscription",
        "name": "Support subscription, 1 month",
        "name_ru": "Подписка на поддержку, 1 месяц",
        "period_months": 1,
        "incident_priority": "",
        "price": Decimal("149.00"),
        "allows_hotrush": True,
        "includes_calls": True,
        "includes_installation": True,
        "sort_order": 1,
    },
    "incident-urgent": {
        "kind": "incident",
        "name": "One incident, Urgent",
        "name_ru": "Один инцидент, срочный",
        "period_months": None,
        "incident_priority": "urgent",
        "price": Decimal("139.00"),
        "allows_hotrush": True,
        "includes_calls": True,
        "includes_installation": False,
        "sort_order": 2,
    },
    "incident-normal": {
        "kind": "incident",
        "name": "One incident, Normal",
        "name_ru": "Один инцидент, обычный",
        "period_months": None,
        "incident_priority": "normal",
        "price": Decimal("99.00"),
        "allows_hotrush": False,
        "includes_calls": False,
        "includes_installation": False,
        "sort_order": 3,
    },
}


def catalog_plan(code: str) -> Plan:
    """A seeded plan, on sale, at its seeded price."""
    plan, _ = Plan.objects.update_or_create(
        code=code, defaults={**SEEDED_PLANS[code], "currency": "USD", "is_active": True}
    )
    return plan


def store_of(customer: User, url: str = "example.com") -> Store:
    return store_services.add_store(customer=customer, url=url)


def pending_order(
    customer: User,
    plan_code: str = "subscription-1y",
    *,
    store: Store | None = None,
    quantity: int = 1,
) -> Order:
    """An order awaiting payment; a subscription gets a fresh store unless one is given."""
    plan = catalog_plan(plan_code)
    if plan.is_subscription and store is None:
        store = store_of(customer, f"shop-{Order.objects.count() + 1}.example.com")
    return services.place_order(customer=customer, plan=plan, store=store, quantity=quantity)

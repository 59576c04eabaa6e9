"""Reads: what a customer may use now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from desk.accounts.models import User
from desk.catalog.models import IncidentPriority, Plan, PlanKind
from desk.core import clock
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription
from desk.stores.models import Store


def active_subscription_for_store(store: Store, at: datetime | None = None) -> Subscription | None:
    moment = at or clock.now()
    return (
        Subscription.objects.select_related("plan")
        .filter(store=store, starts_at__lte=moment, ends_at__gt=moment)
        .first()
    )


def subscriptions_of(customer: User) -> QuerySet[Subscription]:
    """The customer's subscriptions, latest end first, with store and plan."""
    return (
        Subscription.objects.filter(customer=customer)
        .select_related("store", "plan")
        .order_by("-ends_at", "-id")
    )


def credit_balances(customer: User) -> dict[str, int]:
    """Unused incident credits per priority; priorities with none are 0."""
    balances = {priority.value: 0 for priority in IncidentPriority}
    for priority, remaining in CreditBalance.objects.filter(customer=customer).values_list(
        "priority", "remaining"
    ):
        balances[priority] = remaining
    return balances


def credit_entries_of(customer: User) -> QuerySet[CreditEntry]:
    """The customer's credit ledger, newest first, with the order that bought each credit."""
    return (
        CreditEntry.objects.filter(customer=customer)
        .select_related("order")
        .order_by("-created_at", "-id")
    )


def incident_plan(priority: str) -> Plan:
    """The incident plan of this priority, preferring one on sale; raises Plan.DoesNotExist."""
    plan = (
        Plan.objects.filter(kind=PlanKind.INCIDENT, incident_priority=priority)
        .order_by("-is_active", "sort_order", "id")
        .first()
    )
    if plan is None:
        raise Plan.DoesNotExist(f"no incident plan with priority {priority!r}")
    return plan


def stores_with_subscription(customer: User) -> QuerySet[Store]:
    """The customer's stores, each with its subscription (or none) and plan joined in."""
    return (
        Store.objects.filter(customer_id=customer.pk)
        .select_related("subscription__plan")
        .order_by("canonical_url", "id")
    )


@dataclass(frozen=True)
class CreditSummary:
    """Unused credits of one priority, with the plan that sells more (None when off sale)."""

    priority: str
    label: str
    remaining: int
    plan: Plan | None


def credit_summary(customer: User) -> list[CreditSummary]:
    """One row per incident priority, Urgent first: balance and where to buy more. Two queries."""
    balances = credit_balances(customer)
    on_sale: dict[str, Plan] = {}
    for plan in Plan.objects.filter(kind=PlanKind.INCIDENT, is_active=True).order_by(
        "-sort_order", "-id"
    ):
        on_sale[plan.incident_priority] = plan  # the first in display order wins
    return [
        CreditSummary(
            priority.value,
            str(priority.label),
            balances[priority.value],
            on_sale.get(priority.value),
        )
        for priority in (IncidentPriority.URGENT, IncidentPriority.NORMAL)
    ]


def flagged_subscriptions() -> QuerySet[Subscription]:
    """Subscriptions awaiting a fair-use review, longest waiting first."""
    return (
        Subscription.objects.filter(fair_use_flagged_at__isnull=False)
        .select_related("customer", "store", "plan")
        .order_by("fair_use_flagged_at")
    )


@dataclass(frozen=True)
class EntitlementOption:
    """How a new request on a store would be covered."""

    subscription: Subscription | None
    credit_priority: str  # "" for a subscription
    allows_hotrush: bool
    includes_calls: bool

    @property
    def kind(self) -> str:
        return "subscription" if self.subscription is not None else "incident"


def entitlement_options(customer: User, store: Store) -> list[EntitlementOption]:
    """The store's active subscription if any, else one option per credit kind with a balance.

    Urgent comes before Normal so that a Hotrush request finds it first.
    """
    subscription = active_subscription_for_store(store)
    if subscription is not None:
        plan = subscription.plan
        return [EntitlementOption(subscription, "", plan.allows_hotrush, plan.includes_calls)]
    balances = credit_balances(customer)
    options = []
    for priority in (IncidentPriority.URGENT, IncidentPriority.NORMAL):
        if balances[priority] > 0:
            urgent = priority == IncidentPriority.URGENT
            options.append(EntitlementOption(None, priority.value, urgent, urgent))
    return options

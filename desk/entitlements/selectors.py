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
    return Subscription.objects.filter(customer=customer).select_related("store", "plan")


def credit_balances(customer: User) -> dict[str, int]:
    """Unused incident credits per priority; priorities with none are 0."""
    balances = {priority.value: 0 for priority in IncidentPriority}
    for priority, remaining in CreditBalance.objects.filter(customer=customer).values_list(
        "priority", "remaining"
    ):
        balances[priority] = remaining
    return balances


def credit_entries_of(customer: User) -> QuerySet[CreditEntry]:
    return CreditEntry.objects.filter(customer=customer).select_related("order")


def incident_plan(priority: str) -> Plan:
    return Plan.objects.get(kind=PlanKind.INCIDENT, incident_priority=priority)


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

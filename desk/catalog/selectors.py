"""Reads of the catalog: what is on sale now, in display order."""

from __future__ import annotations

from django.db.models import QuerySet

from desk.catalog.models import Plan


def plans_on_sale() -> QuerySet[Plan]:
    """Active plans in the order the pricing page shows them."""
    return Plan.objects.filter(is_active=True).order_by("sort_order", "id")


def plan_on_sale(code: str) -> Plan | None:
    """The active plan with this code, or None when it is unknown or withdrawn from sale."""
    return plans_on_sale().filter(code=code).first()

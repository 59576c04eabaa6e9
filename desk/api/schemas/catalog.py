"""What can be bought: plans on sale."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class PlanOut(Schema):
    code: str
    kind: str
    name: str
    price: Decimal
    currency: str
    period_months: int | None
    incident_priority: str
    allows_hotrush: bool
    includes_calls: bool
    includes_installation: bool

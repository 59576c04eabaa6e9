"""Revenue by month in the business time zone: paid orders, less refunds and disputes.

An order counts in the month it was paid; money taken back (refund, dispute) is subtracted in the
month it was taken back, so a closed month never changes. Orders are split by the kind of their
plan; an order without a plan (a quote) is its own kind. Amounts are summed per currency, never
converted. Two grouped queries, whatever the number of orders, each over its own partial index
(paid orders by `paid_at`, revoked ones by `revoked_at`), bounded by the period on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from desk.billing.models import Order
from desk.catalog.models import PlanKind

KINDS = (PlanKind.SUBSCRIPTION.value, PlanKind.INCIDENT.value, "quote")
KIND_LABELS = {
    PlanKind.SUBSCRIPTION.value: _("Subscriptions"),
    PlanKind.INCIDENT.value: _("Incident credits"),
    "quote": _("Quotes"),
}
ZERO = Decimal("0.00")


def kind_of(plan_kind: str | None) -> str:
    """The revenue kind of an order from its plan's kind: no plan means a quote."""
    return plan_kind if plan_kind in KIND_LABELS else "quote"


def month_starts(today: date, count: int) -> list[date]:
    """First days of the `count` months ending with `today`'s month, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


@dataclass(slots=True)
class KindAmounts:
    gross: Decimal = ZERO
    refunds: Decimal = ZERO
    orders: int = 0
    refunded_orders: int = 0

    @property
    def net(self) -> Decimal:
        return self.gross - self.refunds


@dataclass(slots=True)
class MonthRevenue:
    month: date
    kinds: dict[str, KindAmounts] = field(default_factory=lambda: {k: KindAmounts() for k in KINDS})

    @property
    def total(self) -> KindAmounts:
        return KindAmounts(
            gross=sum((k.gross for k in self.kinds.values()), ZERO),
            refunds=sum((k.refunds for k in self.kinds.values()), ZERO),
            orders=sum(k.orders for k in self.kinds.values()),
            refunded_orders=sum(k.refunded_orders for k in self.kinds.values()),
        )


@dataclass(frozen=True, slots=True)
class Revenue:
    currency: str
    months: list[MonthRevenue]

    @property
    def total(self) -> KindAmounts:
        totals = [month.total for month in self.months]
        return KindAmounts(
            gross=sum((t.gross for t in totals), ZERO),
            refunds=sum((t.refunds for t in totals), ZERO),
            orders=sum(t.orders for t in totals),
            refunded_orders=sum(t.refunded_orders for t in totals),
        )


def months_between(first: date, last: date) -> list[date]:
    """First days of the months from `first`'s to `last`'s, both included, oldest first."""
    return month_starts(last, (last.year - first.year) * 12 + last.month - first.month + 1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def revenue_by_month(
    *,
    today: date,
    zone: tzinfo,
    months: int = 12,
    since: date | None = None,
    until: date | None = None,
    currencies: Iterable[str] = ("USD",),
) -> list[Revenue]:
    """One `Revenue` per currency seen (and per currency in `currencies`, even if empty), over
    the `months` months ending with `today`'s, or the whole months from `since`'s to `until`'s
    (a later `until` is cut at `today`)."""
    last = min(until, today) if since and until else today
    starts = months_between(since, last) if since and until else month_starts(today, months)
    if not starts:
        return [Revenue(currency, []) for currency in sorted(currencies)]
    start = datetime.combine(starts[0], time(), tzinfo=zone)
    end = datetime.combine(_next_month(starts[-1]), time(), tzinfo=zone)
    paid = Order.objects.filter(paid_at__gte=start, paid_at__lt=end)
    # `revoked_at` is set with a refunded or disputed status, and only then (billing's
    # `mark_order_revoked`): the range alone picks them, through its own index.
    taken_back = Order.objects.filter(
        paid_at__isnull=False, revoked_at__gte=start, revoked_at__lt=end
    )
    book: dict[str, dict[date, MonthRevenue]] = {}

    def month_of(currency: str, month: date) -> MonthRevenue | None:
        months_of = book.setdefault(currency, {start: MonthRevenue(start) for start in starts})
        return months_of.get(month)

    for currency in currencies:
        month_of(currency, starts[0])
    for row in _monthly(paid, "paid_at", zone):
        target = month_of(row["currency"], row["month"])
        if target is not None:
            amounts = target.kinds[kind_of(row["plan__kind"])]
            amounts.gross += row["total"]
            amounts.orders += row["count"]
    for row in _monthly(taken_back, "revoked_at", zone):
        target = month_of(row["currency"], row["month"])
        if target is not None:
            amounts = target.kinds[kind_of(row["plan__kind"])]
            amounts.refunds += row["total"]
            amounts.refunded_orders += row["count"]
    return [Revenue(currency, list(book[currency].values())) for currency in sorted(book)]


def _monthly(orders: QuerySet[Order], moment: str, zone: tzinfo) -> list[dict[str, Any]]:
    rows = (
        orders.order_by()
        .annotate(month_at=TruncMonth(moment, tzinfo=zone))
        .values("month_at", "currency", "plan__kind")
        .annotate(
            total=Sum("amount", output_field=DecimalField(max_digits=14, decimal_places=2)),
            count=Count("id"),
        )
    )
    return [
        {**row, "month": row["month_at"].astimezone(zone).date().replace(day=1)} for row in rows
    ]

"""SLA attainment derived from history: the reply clocks' outcomes (met or breached), grouped
by plan, Hotrush, department and ISO week of the due time. It measures the contract guarantees
(PRODUCT.md §3): department requests (Customer Service, Sales without an entitlement: no plan)
answer on their departments' own reply policies and are left out. Counted in SQL over the maintained
`ReplyOutcome` aggregate (indexed on the due time), whatever the number of outcomes: one grouped
query, and the names of plans and departments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.tickets.models import ReplyOutcome


@dataclass(frozen=True, slots=True)
class AttainmentRow:
    key: str
    label: str
    met: int
    total: int

    @property
    def breached(self) -> int:
        return self.total - self.met

    @property
    def percent(self) -> float:
        return round(100 * self.met / self.total, 1) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Attainment:
    overall: AttainmentRow
    by_plan: list[AttainmentRow]
    by_hotrush: list[AttainmentRow]
    by_department: list[AttainmentRow]
    by_week: list[AttainmentRow]


def sla_attainment(
    *, since: datetime, until: datetime, zone: tzinfo, first_only: bool = True
) -> Attainment:
    """Met / total of the reply clocks due in `[since, until)` (first replies only unless
    `first_only` is False); weeks are ISO weeks of the due time in `zone`."""
    outcomes = ReplyOutcome.objects.filter(due_at__gte=since, due_at__lt=until, plan__isnull=False)
    if first_only:
        outcomes = outcomes.filter(is_first=True)
    groups = (
        outcomes.annotate(week=TruncWeek("due_at", tzinfo=zone))
        .order_by()
        .values_list("plan__code", "is_hotrush", "department__code", "week")
        .annotate(met=Count("id", filter=Q(is_met=True)), total=Count("id"))
    )
    counts: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0])
        for name in ("all", "plan", "hotrush", "department", "week")
    }
    # one row per (plan, Hotrush, department, week) group, not per outcome
    for plan, hotrush, department, week, met, total in groups:
        year, number, _day = week.astimezone(zone).isocalendar()
        keys = {
            "all": "all",
            "plan": plan or "",
            "hotrush": "hotrush" if hotrush else "common",
            "department": department,
            "week": f"{year}-W{number:02d}",
        }
        for name, key in keys.items():
            tally = counts[name][key]
            tally[0] += met
            tally[1] += total
    return _attainment(counts)


def _attainment(counts: dict[str, dict[str, list[int]]]) -> Attainment:
    plans = dict(Plan.objects.values_list("code", "name"))
    departments = dict(Department.objects.values_list("code", "name"))
    kinds = {"common": _("Common inquiry"), "hotrush": _("Hotrush")}

    def rows(name: str, labels: dict[str, str] | None = None) -> list[AttainmentRow]:
        return [
            AttainmentRow(key, (labels or {}).get(key, key), met, total)
            for key, (met, total) in sorted(counts[name].items())
        ]

    met, total = counts["all"].get("all", [0, 0])
    return Attainment(
        overall=AttainmentRow("all", _("All"), met, total),
        by_plan=rows("plan", plans),
        by_hotrush=rows("hotrush", kinds),
        by_department=rows("department", departments),
        by_week=rows("week"),
    )

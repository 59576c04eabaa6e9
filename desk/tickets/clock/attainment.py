"""SLA attainment derived from history: the reply clocks' outcomes (met or breached), grouped
by plan, Hotrush, department and ISO week of the due time. It measures the contract guarantees
(PRODUCT.md §3): department requests (Customer Service, Sales without an entitlement: no plan)
answer on their departments' own reply policies and are counted apart (`by_department_policy`),
never mixed into the guarantees. Counted in SQL over the maintained
tally of the outcomes per quarter hour (`desk.tickets.tallies`), whatever the number of outcomes:
one grouped query (the tally, and the outcomes in the period's partial quarter hours), and the
names of plans and departments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.tickets.models import OutcomeTally, ReplyOutcome
from desk.tickets.tallies import next_quarter, quarter_of


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
    # requests without a plan, on their department's own reply policy (not a contract guarantee)
    by_department_policy: list[AttainmentRow]


def sla_attainment(
    *, since: datetime, until: datetime, zone: tzinfo, first_only: bool = True
) -> Attainment:
    """Met / total of the reply clocks due in `[since, until)` (first replies only unless
    `first_only` is False); weeks are ISO weeks of the due time in `zone`.

    The whole quarter hours of the period come from the maintained tally (`desk.tickets.tallies`:
    at most 96 rows a day per kind of request), the partial ones at its edges from the outcomes."""
    start, end = next_quarter(since), quarter_of(until)
    spans = [Q(due_at__gte=since, due_at__lt=until)]
    tallied = OutcomeTally.objects.filter(bucket__gte=start, bucket__lt=end)
    if start < end:
        spans = [Q(due_at__gte=since, due_at__lt=start), Q(due_at__gte=end, due_at__lt=until)]
    outcomes = ReplyOutcome.objects.filter(plan__isnull=False)
    if first_only:
        tallied = tallied.filter(is_first=True)
        outcomes = outcomes.filter(is_first=True)
    fields = ("plan_id", "is_hotrush", "department_id", "week")
    # one query: the tally's groups and each edge's, each read through its own index
    groups = (
        tallied.annotate(week=TruncWeek("bucket", tzinfo=zone))
        .order_by()
        .values_list(*fields)
        .annotate(met=Sum("met"), total=Sum("total"))
        .union(
            *(
                outcomes.filter(span)
                .annotate(week=TruncWeek("due_at", tzinfo=zone))
                .order_by()
                .values_list(*fields)
                .annotate(met=Count("id", filter=Q(is_met=True)), total=Count("id"))
                for span in spans
            ),
            all=True,
        )
    )
    plans = {pk: (code, name) for pk, code, name in Plan.objects.values_list("pk", "code", "name")}
    language = get_language()
    departments = {
        pk: (code, Department(name=name, name_ru=name_ru).localized_name(language))
        for pk, code, name, name_ru in Department.objects.values_list(
            "pk", "code", "name", "name_ru"
        )
    }
    counts: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0])
        for name in ("all", "plan", "hotrush", "department", "week", "department_policy")
    }
    # one row per (plan, Hotrush, department, week) group, not per outcome
    for plan, hotrush, department, week, met, total in groups:
        year, number, _day = week.astimezone(zone).isocalendar()
        keys = {
            "all": "all",
            "plan": plans[plan][0] if plan in plans else "",
            "hotrush": "hotrush" if hotrush else "common",
            "department": departments[department][0],
            "week": f"{year}-W{number:02d}",
        }
        for name, key in keys.items():
            tally = counts[name][key]
            tally[0] += met
            tally[1] += total
    # department requests: few beside the contract's, read from the outcomes through their own
    # partial index (reply_outcome_policy_idx)
    policy = ReplyOutcome.objects.filter(plan__isnull=True, due_at__gte=since, due_at__lt=until)
    if first_only:
        policy = policy.filter(is_first=True)
    for department, met, total in (
        policy.order_by()
        .values_list("department_id")
        .annotate(met=Count("id", filter=Q(is_met=True)), total=Count("id"))
    ):
        tally = counts["department_policy"][departments[department][0]]
        tally[0] += met
        tally[1] += total
    return _attainment(
        counts,
        plans=dict(plans.values()),
        departments=dict(departments.values()),
    )


def _attainment(
    counts: dict[str, dict[str, list[int]]], *, plans: dict[str, str], departments: dict[str, str]
) -> Attainment:
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
        by_department_policy=rows("department_policy", departments),
    )

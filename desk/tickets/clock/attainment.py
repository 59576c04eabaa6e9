"""SLA attainment derived from history: the outcome events of reply clocks (met or breached),
grouped by plan, Hotrush, department and ISO week of the due time. Two queries, whatever the
number of events: the outcomes, and the names of plans and departments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.utils.translation import gettext as _

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.tickets.models import SLA_OUTCOME_KINDS, EventKind, TicketEvent


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
    events = TicketEvent.objects.filter(kind__in=SLA_OUTCOME_KINDS).values_list(
        "kind",
        "to_value",
        "data",
        "ticket__plan__code",
        "ticket__is_hotrush",
        "ticket__department__code",
    )
    counts: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0])
        for name in ("all", "plan", "hotrush", "department", "week")
    }
    for kind, due_iso, data, plan, hotrush, department in events.order_by():
        due = datetime.fromisoformat(due_iso)
        if not since <= due < until or (first_only and not data.get("first", True)):
            continue
        year, week, _day = due.astimezone(zone).isocalendar()
        keys = {
            "all": "all",
            "plan": data.get("plan", plan),
            "hotrush": "hotrush" if data.get("hotrush", hotrush) else "common",
            "department": data.get("department", department),
            "week": f"{year}-W{week:02d}",
        }
        for name, key in keys.items():
            tally = counts[name][key]
            tally[0] += kind == EventKind.SLA_MET
            tally[1] += 1
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

"""Customer satisfaction (CSAT) by engineer, plan, department or week: good, okay and bad scores
and the CSAT share (good out of all), for the scores cast in a period. One grouped query.

Week rows start on Monday in the viewer's zone; engineer, plan and department are those of the
request when its survey was asked (the survey keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Literal

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from desk.satisfaction.models import Score, Survey

Dimension = Literal["engineer", "plan", "department", "week"]
DIMENSIONS: Final[tuple[Dimension, ...]] = ("engineer", "plan", "department", "week")

_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "engineer": ("engineer_id", "engineer__user__full_name", "engineer__user__email"),
    "plan": ("plan__code", "plan__name", "plan__name_ru"),
    "department": ("department__code", "department__name", "department__name_ru"),
}


@dataclass(frozen=True, slots=True)
class CsatRow:
    key: str
    label: str
    good: int
    okay: int
    bad: int

    @property
    def total(self) -> int:
        return self.good + self.okay + self.bad

    @property
    def csat(self) -> Decimal | None:
        """Good out of all scores, in whole percent (half up); None without scores."""
        if not self.total:
            return None
        return (Decimal(self.good) * 100 / self.total).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class CsatReport:
    dimension: Dimension
    rows: list[CsatRow]
    total: CsatRow


def satisfaction_by(
    *, dimension: Dimension, since: datetime, until: datetime, zone: tzinfo, language: str
) -> CsatReport:
    scored = Survey.objects.filter(scored_at__gte=since, scored_at__lt=until).exclude(score="")
    counts = {
        "good": Count("pk", filter=Q(score=Score.GOOD)),
        "okay": Count("pk", filter=Q(score=Score.OKAY)),
        "bad": Count("pk", filter=Q(score=Score.BAD)),
    }
    if dimension == "week":
        grouped = (
            scored.annotate(week=TruncWeek("scored_at", tzinfo=zone))
            .values("week")
            .annotate(**counts)
            .order_by("week")
        )
    else:
        keys = _KEYS[dimension]
        grouped = scored.values(*keys).annotate(**counts).order_by(keys[0])
    rows = [_row(dimension, values, language, zone) for values in grouped]
    total = CsatRow(
        key="total",
        label=_("Total"),
        good=sum(row.good for row in rows),
        okay=sum(row.okay for row in rows),
        bad=sum(row.bad for row in rows),
    )
    return CsatReport(dimension, rows, total)


def _row(dimension: Dimension, values: dict[str, Any], language: str, zone: tzinfo) -> CsatRow:
    key, label = _key_and_label(dimension, values, language, zone)
    return CsatRow(
        key=key, label=label, good=values["good"], okay=values["okay"], bad=values["bad"]
    )


def _key_and_label(
    dimension: Dimension, values: dict[str, Any], language: str, zone: tzinfo
) -> tuple[str, str]:
    if dimension == "week":
        week = values["week"]
        day = week.astimezone(zone).date() if isinstance(week, datetime) else week
        return day.isoformat(), day.isoformat()
    if dimension == "engineer":
        if values["engineer_id"] is None:
            return "none", _("Unassigned")
        name = values["engineer__user__full_name"] or values["engineer__user__email"]
        return str(values["engineer_id"]), name
    name, name_ru = values[f"{dimension}__name"], values[f"{dimension}__name_ru"]
    return values[f"{dimension}__code"], name_ru if language == "ru" and name_ru else name

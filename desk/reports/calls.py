"""Live calls by plan: booked (a slot was confirmed: confirmed, held or missed), held, minutes
used, missed, cancelled, for the calls whose slot lies in a period. One query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Sum

from desk.calls.models import Call, CallStatus

BOOKED = (CallStatus.CONFIRMED, CallStatus.HELD, CallStatus.MISSED)


@dataclass(frozen=True, slots=True)
class CallsRow:
    plan_code: str
    plan_name: str
    booked: int
    held: int
    missed: int
    cancelled: int
    minutes: int


@dataclass(frozen=True, slots=True)
class CallsReport:
    rows: list[CallsRow]
    total: CallsRow


def calls_by_plan(*, start: datetime, end: datetime, language: str) -> CallsReport:
    rows = (
        Call.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .values("ticket__plan__code", "ticket__plan__name", "ticket__plan__name_ru")
        .annotate(
            booked=Count("pk", filter=Q(status__in=BOOKED)),
            held=Count("pk", filter=Q(status=CallStatus.HELD)),
            missed=Count("pk", filter=Q(status=CallStatus.MISSED)),
            cancelled=Count("pk", filter=Q(status=CallStatus.CANCELLED)),
            minutes=Sum("minutes_used", filter=Q(status=CallStatus.HELD), default=0),
        )
        .order_by("ticket__plan__code")
    )
    found = [
        CallsRow(
            plan_code=row["ticket__plan__code"],
            plan_name=(
                row["ticket__plan__name_ru"]
                if language == "ru" and row["ticket__plan__name_ru"]
                else row["ticket__plan__name"]
            ),
            booked=row["booked"],
            held=row["held"],
            missed=row["missed"],
            cancelled=row["cancelled"],
            minutes=row["minutes"],
        )
        for row in rows
    ]
    total = CallsRow(
        plan_code="",
        plan_name="",
        booked=sum(r.booked for r in found),
        held=sum(r.held for r in found),
        missed=sum(r.missed for r in found),
        cancelled=sum(r.cancelled for r in found),
        minutes=sum(r.minutes for r in found),
    )
    return CallsReport(found, total)

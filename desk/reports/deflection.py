"""Self-service deflection: per knowledge-base article, how often the new-request form suggested
it, the customer opened it, and the customer said it answered the question (each counted once
per browser session, see `desk.kb.services.record_deflection`). One query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from desk.kb.models import DeflectionEvent, DeflectionKind


@dataclass(frozen=True, slots=True)
class DeflectionRow:
    translation_id: int
    language: str
    slug: str
    title: str
    suggested: int
    opened: int
    answered: int


@dataclass(frozen=True, slots=True)
class DeflectionReport:
    rows: list[DeflectionRow]
    suggested: int
    opened: int
    answered: int


def deflection_by_article(*, since: datetime, until: datetime) -> DeflectionReport:
    """Events in [since, until), by article version, most answers first."""
    counted = (
        DeflectionEvent.objects.filter(created_at__gte=since, created_at__lt=until)
        .values(
            "translation_id", "translation__language", "translation__slug", "translation__title"
        )
        .annotate(
            suggested=Count("id", filter=Q(kind=DeflectionKind.SUGGESTED)),
            opened=Count("id", filter=Q(kind=DeflectionKind.OPENED)),
            answered=Count("id", filter=Q(kind=DeflectionKind.ANSWERED)),
        )
        .order_by("-answered", "-opened", "-suggested", "translation_id")
    )
    rows = [
        DeflectionRow(
            translation_id=row["translation_id"],
            language=row["translation__language"],
            slug=row["translation__slug"],
            title=row["translation__title"],
            suggested=row["suggested"],
            opened=row["opened"],
            answered=row["answered"],
        )
        for row in counted
    ]
    return DeflectionReport(
        rows=rows,
        suggested=sum(r.suggested for r in rows),
        opened=sum(r.opened for r in rows),
        answered=sum(r.answered for r in rows),
    )

"""Reads of satisfaction surveys for the front doors."""

from __future__ import annotations

from django.db.models import QuerySet

from desk.satisfaction.models import FollowUp, Survey


def follow_ups(*, open_only: bool) -> QuerySet[FollowUp]:
    """Follow-ups of bad scores, newest first, with what the console shows joined."""
    rows = FollowUp.objects.select_related(
        "survey__ticket", "survey__engineer__user", "department", "lead__user", "done_by"
    )
    if open_only:
        rows = rows.filter(done_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def survey_of_ticket(ticket_id: int) -> Survey | None:
    return Survey.objects.filter(ticket_id=ticket_id).first()

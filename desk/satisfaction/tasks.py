"""Thin, idempotent background tasks of satisfaction surveys: safe to run twice."""

from __future__ import annotations

from django_tasks import task

from desk.satisfaction import services


@task()
def offer_due_surveys() -> int:
    """Periodic (desk.ops.schedule): ask about every recently resolved request not asked yet."""
    return services.offer_due_surveys()

"""Reads of outgoing webhooks for the console."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from desk.webhooks.models import DeliveryState, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.annotate(
        pending=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING))
    ).order_by("-created_at")


def deliveries_of(endpoint: WebhookEndpoint, limit: int = 50) -> list[WebhookDelivery]:
    """The latest deliveries of `endpoint`, each with its attempts (newest first)."""
    return list(
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-number", "-id"))
        )
        .order_by("-created_at", "-id")[:limit]
    )

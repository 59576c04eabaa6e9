"""The notice that an endpoint was disabled: a mail to the staff member who registered it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from desk.outbox.services import enqueue_mail
from desk.webhooks.models import WebhookEndpoint


def tell_endpoint_disabled(endpoint: WebhookEndpoint, *, failed_events: int) -> None:
    if endpoint.created_by is None or not endpoint.created_by.is_active:
        return
    enqueue_mail(
        event_key=f"webhook-disabled:{endpoint.pk}:{endpoint.consecutive_failures}",
        recipient=endpoint.created_by,
        template="webhook_disabled",
        context={
            "url": endpoint.url,
            "failed_events": failed_events,
            "endpoint_url": settings.SITE_URL.rstrip("/")
            + reverse("console:webhook", kwargs={"endpoint_id": endpoint.pk}),
        },
    )

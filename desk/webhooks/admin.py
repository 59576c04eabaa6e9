"""Staff read webhooks here too; endpoints are registered and changed in the console, where the
URL is checked and the secret generated (the admin would bypass both)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from desk.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ReadOnly):
    list_display = ("url", "is_active", "consecutive_failures", "disabled_at", "created_at")
    list_filter = ("is_active",)
    exclude = ("key_id", "sealed_secret")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_ReadOnly):
    list_display = ("event", "endpoint", "state", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("state",)


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(_ReadOnly):
    list_display = ("delivery", "number", "started_at", "status_code", "duration_ms", "error")

"""Staff see outgoing mail and undeliverable addresses."""

from __future__ import annotations

from django.contrib import admin

from desk.outbox.models import OutboxMail, UndeliverableAddress


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "template", "recipient_email", "state", "attempts", "sent_at")
    list_filter = ("state", "template")
    search_fields = ("recipient_email", "event_key", "message_id")
    readonly_fields = ("message_id", "event_key", "attempts", "sent_at", "last_error")


@admin.register(UndeliverableAddress)
class UndeliverableAddressAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "status_code", "reason", "created_at")
    search_fields = ("email",)

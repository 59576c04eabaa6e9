"""Staff see incoming mail, its decision and the unprocessable spool (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from desk.mail.models import InboundMessage, UnprocessableMail


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(_ReadOnly):
    list_display = ("created_at", "mailbox", "sender", "subject", "state", "reason", "ticket")
    list_filter = ("state", "mailbox")
    search_fields = ("sender", "subject", "message_id")
    exclude = ("raw",)


@admin.register(UnprocessableMail)
class UnprocessableMailAdmin(_ReadOnly):
    list_display = ("created_at", "mailbox", "envelope_recipient", "size", "reason", "state")
    list_filter = ("state", "mailbox")
    exclude = ("raw",)

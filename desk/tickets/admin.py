"""Requests in the Django admin: read-only. Every change goes through `tickets.services`
(the console), so history stays complete and append-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from desk.accounts import admin as accounts_admin
from desk.accounts.models import User
from desk.tickets import text_search
from desk.tickets.clock import admin as clock_admin  # noqa: F401  # registers the SLA configuration
from desk.tickets.models import Attachment, Message, Ticket, TicketEvent


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(_ReadOnlyInline):
    model = Message
    fields = ("created_at", "kind", "author", "body")
    readonly_fields = fields
    ordering = ("created_at", "id")


class TicketEventInline(_ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "kind", "actor", "from_value", "to_value", "data")
    readonly_fields = fields
    ordering = ("created_at", "id")


class _ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(_ReadOnlyAdmin):
    list_display = (
        "id",
        "subject",
        "customer",
        "store",
        "department",
        "status",
        "is_hotrush",
        "entitlement_kind",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "is_hotrush", "entitlement_kind", "department", "language")
    search_fields = ("=id", "subject", "customer__email", "store__canonical_url")
    list_select_related = ("customer", "store", "department", "assignee__user")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    inlines = (MessageInline, TicketEventInline)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Attachment)
class AttachmentAdmin(_ReadOnlyAdmin):
    list_display = ("id", "original_name", "content_type", "size", "message", "created_at")
    list_select_related = ("message",)
    search_fields = ("original_name",)
    # Downloads go through the console, which checks access; no file links here.
    exclude = ("file",)


class UserAdmin(accounts_admin.UserAdmin):
    """The accounts admin, plus what accounts cannot reach (it sits below tickets): an address
    corrected here is re-indexed in every request of the customer, in the admin's transaction."""

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            text_search.index_customer_requests(obj.pk)


admin.site.unregister(User)
admin.site.register(User, UserAdmin)

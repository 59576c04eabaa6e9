"""Calls in the Django admin: read-only (every change goes through the services, from the
console or the API)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from desk.calls.models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ("pk", "ticket", "status", "starts_at", "engineer", "duration_minutes")
    list_filter = ("status", "handle_kind")
    search_fields = ("ticket__subject", "handle")
    date_hierarchy = "starts_at"
    list_select_related = ("ticket", "engineer__user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Call | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Call | None = None) -> bool:
        return False

"""Invoices are documents: read-only here. The Order admin (with "Mark paid") is registered in
`desk.entitlements.admin`, because marking paid also fulfils and billing may not import above it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from desk.billing.models import Invoice, StripeEvent


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin[Invoice]):
    list_display = ("number", "order", "issued_at", "amount", "currency")
    search_fields = ("number", "order__customer__email")
    list_select_related = ("order",)
    date_hierarchy = "issued_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin[StripeEvent]):
    """Received provider events, as stored: evidence, never edited."""

    list_display = ("received_at", "type", "event_id", "outcome", "processed_at")
    list_filter = ("type", "outcome", ("processed_at", admin.EmptyFieldListFilter))
    search_fields = ("event_id", "session_id", "payment_reference")
    date_hierarchy = "received_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StripeEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StripeEvent | None = None) -> bool:
        return False

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from desk.stores import services
from desk.stores.models import Store


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin[Store]):
    """Customers add stores in the portal (canonical URLs); staff only set the agreement flag."""

    list_display = ("canonical_url", "customer", "has_customization_agreement", "created_at")
    list_filter = ("has_customization_agreement",)
    search_fields = ("canonical_url", "entered_url", "customer__email")
    list_select_related = ("customer",)
    fields = (
        "canonical_url",
        "entered_url",
        "customer",
        "created_at",
        "has_customization_agreement",
    )
    readonly_fields = ("canonical_url", "entered_url", "customer", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Store | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Store, form: Any, change: bool) -> None:
        services.set_customization_agreement(
            store=Store.objects.get(pk=obj.pk),
            has_agreement=obj.has_customization_agreement,
        )

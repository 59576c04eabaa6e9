from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from desk.catalog.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    """Staff edit prices and features here; the pricing page reads them on the next request."""

    list_display = (
        "code",
        "name",
        "kind",
        "price",
        "currency",
        "period_months",
        "incident_priority",
        "allows_hotrush",
        "includes_calls",
        "includes_installation",
        "is_active",
        "sort_order",
    )
    list_display_links = ("code", "name")
    list_editable = (
        "price",
        "allows_hotrush",
        "includes_calls",
        "includes_installation",
        "is_active",
        "sort_order",
    )
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "name_ru")
    ordering = ("sort_order", "id")
    fieldsets = (
        (None, {"fields": ("code", "kind", "name", "name_ru", "sort_order", "is_active")}),
        (_("Price"), {"fields": ("price", "currency", "period_months", "incident_priority")}),
        (_("Features"), {"fields": ("allows_hotrush", "includes_calls", "includes_installation")}),
    )

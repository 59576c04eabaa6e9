"""Admin for orders (here, because "Mark paid" also fulfils: billing may not import us),
subscriptions with the fair-use review, and the read-only credit ledger.

Every change goes through a service; the admin never saves a domain row itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desk.billing import services as billing_services
from desk.billing.models import Order
from desk.entitlements import services
from desk.entitlements.models import (
    CreditBalance,
    CreditDeficit,
    CreditEntry,
    Subscription,
    SubscriptionEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "customer",
        "plan",
        "store",
        "quantity",
        "amount",
        "currency",
        "provider",
        "status",
        "created_at",
        "paid_at",
        "fulfilled_at",
    )
    list_filter = ("status", "provider", "plan")
    search_fields = ("customer__email", "invoice__number", "provider_reference")
    list_select_related = ("customer", "plan", "store")
    date_hierarchy = "created_at"
    actions = ("mark_paid", "cancel")

    @admin.action(description=_("Mark paid (activates the purchase)"), permissions=["payment"])
    def mark_paid(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        user = request.user if request.user.is_authenticated else None
        confirmed = sum(
            services.confirm_payment(order_id=pk, by=user)
            for pk in queryset.values_list("pk", flat=True)
        )
        skipped = queryset.count() - confirmed
        self.message_user(
            request,
            ngettext(
                "%(count)d order marked paid and activated.",
                "%(count)d orders marked paid and activated.",
                confirmed,
            )
            % {"count": confirmed},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d order was not awaiting payment and was left unchanged.",
                    "%(count)d orders were not awaiting payment and were left unchanged.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Cancel (only orders awaiting payment)"), permissions=["payment"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        cancelled = sum(
            billing_services.cancel_order(order_id=pk)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%(count)d order cancelled.", "%(count)d orders cancelled.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )

    def has_payment_permission(self, request: HttpRequest) -> bool:
        # Rows are read-only in the form; the actions are services, allowed to order managers.
        return request.user.has_perm("billing.change_order")


class SubscriptionEventInline(admin.TabularInline[SubscriptionEvent, Subscription]):
    model = SubscriptionEvent
    fields = ("created_at", "kind", "order", "ends_before", "ends_after", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FairUseFilter(admin.SimpleListFilter):
    title = _("fair use")
    parameter_name = "fair_use"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("flagged", _("Flagged for review")), ("ok", _("Not flagged"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "flagged":
            return queryset.filter(fair_use_flagged_at__isnull=False)
        if self.value() == "ok":
            return queryset.filter(fair_use_flagged_at__isnull=True)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """Periods change only by paid orders; staff review fair-use flags here."""

    list_display = ("store", "customer", "plan", "starts_at", "ends_at", "fair_use_flagged_at")
    list_filter = (FairUseFilter, "plan")
    search_fields = ("store__canonical_url", "customer__email")
    list_select_related = ("store", "customer", "plan")
    inlines = (SubscriptionEventInline,)
    actions = ("clear_fair_use_flag",)

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("entitlements.change_subscription")

    @admin.action(
        description=_("Clear the fair-use flag (usage reviewed and accepted)"),
        permissions=["review"],
    )
    def clear_fair_use_flag(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        user = request.user if request.user.is_authenticated else None
        cleared = sum(
            services.clear_fair_use_flag(subscription_id=pk, by=user)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%(count)d flag cleared.", "%(count)d flags cleared.", cleared)
            % {"count": cleared},
            messages.SUCCESS,
        )


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdmin):
    """The ledger is append-only: no add, change or delete, even for superusers."""

    list_display = ("created_at", "customer", "priority", "delta", "reason", "order", "ticket_id")
    list_filter = ("reason", "priority")
    search_fields = ("customer__email", "ticket_id")
    list_select_related = ("customer", "order")


@admin.register(CreditBalance)
class CreditBalanceAdmin(ReadOnlyAdmin):
    list_display = ("customer", "priority", "remaining")
    list_filter = ("priority",)
    search_fields = ("customer__email",)
    list_select_related = ("customer",)


@admin.register(CreditDeficit)
class CreditDeficitAdmin(ReadOnlyAdmin):
    """Refunded credits that were already used: for staff to settle with the customer."""

    list_display = ("created_at", "customer", "order", "priority", "count", "resolved_at")
    list_filter = ("priority", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("customer__email",)
    list_select_related = ("customer", "order")

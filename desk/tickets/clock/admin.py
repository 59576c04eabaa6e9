"""SLA configuration in the Django admin: calendars (with holidays and special days) and
policies. Registered here, one layer above `desk.sla`, because every save or delete recomputes
the due times of open requests (`reply_clock.sla_configuration_changed`, one batch): new hours
can pull a running due time earlier, never later."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desk.sla.models import (
    Calendar,
    CalendarHoliday,
    CalendarOverride,
    DepartmentReplyPolicy,
    SlaPolicy,
)
from desk.tickets.clock import reply_clock


def _recomputed(request: HttpRequest, calendar_ids: list[int], *, policy: bool = False) -> None:
    moved = reply_clock.sla_configuration_changed(calendar_ids=calendar_ids)
    messages.info(
        request,
        ngettext(
            "The due time of %(count)d open request moved earlier; a promised due time never "
            "moves later.",
            "The due times of %(count)d open requests moved earlier; a promised due time never "
            "moves later.",
            moved,
        )
        % {"count": moved},
    )
    if policy:
        messages.info(request, _("A changed target applies to replies owed from now on."))


class CalendarHolidayInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CalendarHoliday
    extra = 0


class CalendarOverrideInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CalendarOverride
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "time_zone", "updated_at")
    inlines = (CalendarHolidayInline, CalendarOverrideInline)

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formsets: list[BaseFormSet[Any]],
        change: bool,
    ) -> None:
        # Runs after the calendar and its inline rows are saved: one recompute for all of it.
        super().save_related(request, form, formsets, change)
        _recomputed(request, [form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Calendar) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            _recomputed(request, [])


class _CalendarRowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display: tuple[str, ...] = ("calendar", "date")
    list_filter = ("calendar",)
    date_hierarchy = "date"

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _recomputed(request, [obj.calendar_id])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            _recomputed(request, [obj.calendar_id])

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        calendar_ids = sorted(set(queryset.values_list("calendar_id", flat=True)))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            _recomputed(request, calendar_ids)


@admin.register(CalendarHoliday)
class CalendarHolidayAdmin(_CalendarRowAdmin):
    list_display = ("calendar", "date", "name")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(_CalendarRowAdmin):
    list_display = ("calendar", "date", "intervals")


class _PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A changed target applies to replies owed from now on; due times recompute in one batch."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _recomputed(request, [], policy=True)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            _recomputed(request, [], policy=True)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            _recomputed(request, [], policy=True)


@admin.register(DepartmentReplyPolicy)
class DepartmentReplyPolicyAdmin(_PolicyAdmin):
    """Customer Service and Sales: their own calendar and reply target (issue 12 point 7)."""

    list_display = (
        "department",
        "target_business_days",
        "target_minutes",
        "calendar",
        "warn_lead_minutes",
        "is_active",
    )
    list_select_related = ("department", "calendar")


@admin.register(SlaPolicy)
class SlaPolicyAdmin(_PolicyAdmin):
    list_display = (
        "name",
        "plan",
        "is_hotrush",
        "target_business_days",
        "target_minutes",
        "calendar",
        "warn_lead_minutes",
        "priority",
        "is_active",
    )
    list_filter = ("is_active", "is_hotrush", "calendar")
    list_select_related = ("plan", "calendar")

"""Schedules in the Django admin, on the engineer's page: the weekly shifts (one field per
weekday, `09:00-17:00, 20:00-02:00`) and days off and leave. Saving goes through the services, so
a refused pattern or overlapping leave names its field and stores nothing."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from desk.accounts.admin import EngineerAdmin as BaseEngineerAdmin
from desk.accounts.models import Engineer, User
from desk.core.errors import DeskError
from desk.schedules import checks, services
from desk.schedules.errors import day_field
from desk.schedules.models import Schedule, TimeOff
from desk.sla.calendar import WEEKDAYS as DAY_CODES


def raise_on_field(error: DeskError) -> None:
    """A service refusal as a form error on the field it names."""
    field = error.params.get("field")
    raise ValidationError({field: error.message} if field else error.message)


def _day_input(index: int) -> forms.CharField:
    help_text = _("e.g. 09:00-13:00, 14:00-18:00; 22:00-06:00 ends the next day; empty: no shift")
    return forms.CharField(
        label=WEEKDAYS[index], required=False, help_text=help_text if index == 0 else ""
    )


class ScheduleForm(ModelForm[Schedule]):
    """The weekly pattern as seven text fields; all empty means the support hours."""

    weekly_mon = _day_input(0)
    weekly_tue = _day_input(1)
    weekly_wed = _day_input(2)
    weekly_thu = _day_input(3)
    weekly_fri = _day_input(4)
    weekly_sat = _day_input(5)
    weekly_sun = _day_input(6)

    class Meta:
        model = Schedule
        fields = ("time_zone",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weekly = self.instance.weekly if self.instance.pk else None
        for day in DAY_CODES:
            self.fields[day_field(day)].initial = checks.format_day(weekly, day)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            weekly = {
                day: checks.parse_day(day, data.get(day_field(day)) or "") for day in DAY_CODES
            }
            pattern = weekly if any(weekly.values()) else None
            self.cleaned_data["weekly"] = checks.check_pattern(data.get("time_zone", ""), pattern)
        except DeskError as error:
            raise_on_field(error)
        return data

    def has_changed(self) -> bool:
        return super().has_changed() or not self.instance.pk


class ScheduleInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Schedule
    form = ScheduleForm
    can_delete = False
    max_num = 1
    extra = 1
    verbose_name_plural = _("Weekly shifts (empty: the support hours)")


class TimeOffForm(ModelForm[TimeOff]):
    class Meta:
        model = TimeOff
        fields = ("kind", "first_day", "last_day", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first is not None and last is not None:
            try:
                data["note"] = checks.check_time_off(
                    data.get("kind", ""), first, last, data.get("note") or ""
                )
            except DeskError as error:
                raise_on_field(error)
        return data


class TimeOffFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        kept = [
            (form.cleaned_data["first_day"], form.cleaned_data["last_day"], form)
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("first_day")
            and form.cleaned_data.get("last_day")
        ]
        kept.sort(key=lambda row: row[0])
        for (first, last, _form), (next_first, _next_last, form) in pairwise(kept):
            if next_first <= last:
                form.add_error("first_day", checks.overlap_error(first, last).message)


class TimeOffInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TimeOff
    form = TimeOffForm
    formset = TimeOffFormSet
    extra = 0
    fields = ("kind", "first_day", "last_day", "note")


admin.site.unregister(Engineer)


@admin.register(Engineer)
class EngineerAdmin(BaseEngineerAdmin):
    inlines = (ScheduleInline, TimeOffInline)

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Any], formset: Any, change: bool
    ) -> None:
        # Every change through the services (history of revisions, one lock per engineer).
        engineer = form.instance
        # The services saved it: nothing for the admin's change message to list row by row.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is Schedule:
            for schedule_form in formset.forms:
                if schedule_form.has_changed():
                    data = schedule_form.cleaned_data
                    services.set_schedule(
                        engineer=engineer, time_zone=data["time_zone"], weekly=data["weekly"]
                    )
            return
        if formset.model is TimeOff:
            self._save_time_off(request, engineer, formset)
            return
        super().save_formset(request, form, formset, change)

    def _save_time_off(self, request: HttpRequest, engineer: Engineer, formset: Any) -> None:
        deleted = [row for row in formset.deleted_forms if row.instance.pk]
        changed, added = [], []
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            values = services.TimeOffValues(
                **{k: row.cleaned_data[k] for k in ("kind", "first_day", "last_day", "note")}
            )
            if row.instance.pk:
                changed.append((row.instance, values))
            else:
                added.append(values)
        actor = request.user if isinstance(request.user, User) else None
        services.apply_time_off(
            engineer=engineer,
            removed=[row.instance for row in deleted],
            changed=changed,
            added=added,
            actor=actor,
        )

"""SLA configuration: calendars of working hours and reply policies (PRODUCT.md §3-4).

The maths is in `calendar.py` and `deadlines.py`; `services.py` turns these rows into plain values.
A calendar's `revision` changes with every edit of it, its holidays or its special days, so a
process can cache the built `BusinessCalendar` under (id, revision) and still see every change.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.core import clock
from desk.sla.calendar import BusinessCalendar


def check_calendar_values(
    time_zone: str, weekly: Any, overrides: dict[Any, Any] | None = None
) -> None:
    """Raise ValidationError when the pure engine refuses these values."""
    try:
        BusinessCalendar(time_zone, weekly, date_overrides=overrides)
    except (TypeError, ValueError) as error:
        raise ValidationError(str(error)) from error


def check_one_target(business_days: int | None, minutes: int | None) -> None:
    """A reply target is given in business days or in working minutes, at least 1."""
    if (business_days is None) == (minutes is None):
        raise ValidationError(_("Give the target either in business days or in working minutes."))
    if business_days == 0 or minutes == 0:
        raise ValidationError(_("The target must be at least 1."))


def target_label(business_days: int | None, minutes: int | None) -> str:
    """A reply target as the customer reads it ("First reply within 4 working hours"), in the
    active language: the very target the due time is computed from."""
    if business_days:
        return ngettext(
            "First reply within %(count)d business day",
            "First reply within %(count)d business days",
            business_days,
        ) % {"count": business_days}
    minutes = minutes or 0
    if minutes % 60 == 0:
        return ngettext(
            "First reply within %(count)d working hour",
            "First reply within %(count)d working hours",
            minutes // 60,
        ) % {"count": minutes // 60}
    return ngettext(
        "First reply within %(count)d working minute",
        "First reply within %(count)d working minutes",
        minutes,
    ) % {"count": minutes}


class Calendar(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    weekly = models.JSONField(
        _("weekly hours"),
        default=dict,
        help_text=_(
            'Shifts per weekday, e.g. {"mon": [["06:00", "01:00"]], "sat": [["10:00", "18:00"]]}. '
            "A close at or before the open ends the next day; an absent day is closed."
        ),
    )
    revision = models.UUIDField(default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ("code",)
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_calendar_values(self.time_zone, self.weekly)


class CalendarHoliday(models.Model):
    """No shift opens on this date (a shift of the day before still runs into it)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ("calendar", "date")
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_once_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()


class CalendarOverride(models.Model):
    """A special day: these shifts replace the weekly ones (an empty list closes the day)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("date"))
    intervals = models.JSONField(
        _("shifts"), default=list, blank=True, help_text=_('e.g. [["10:00", "14:00"]]')
    )

    class Meta:
        ordering = ("calendar", "date")
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="override_once_per_date")
        ]

    def __str__(self) -> str:
        return str(self.date)

    def clean(self) -> None:
        if not isinstance(self.intervals, list):
            raise ValidationError({"intervals": _("A list of [opens, closes] pairs is required.")})
        check_calendar_values("UTC", {}, {self.date: self.intervals} if self.date else None)


class SlaPolicy(models.Model):
    """A reply target for requests of a plan (or any plan) that are, or are not, Hotrush.

    The most specific active policy wins: one naming the plan over one for any plan, then the
    higher `priority`, then the older row.
    """

    name = models.CharField(_("name"), max_length=100)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: any plan."),
    )
    is_hotrush = models.BooleanField(_("Hotrush"), default=False)
    target_business_days = models.PositiveSmallIntegerField(
        _("target in business days"), null=True, blank=True
    )
    target_minutes = models.PositiveIntegerField(
        _("target in working minutes"), null=True, blank=True
    )
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="policies")
    warn_lead_minutes = models.PositiveIntegerField(
        _("warn this many working minutes before the due time"), default=30
    )
    is_active = models.BooleanField(_("active"), default=True)
    priority = models.SmallIntegerField(_("priority"), default=0)

    class Meta:
        ordering = ("-is_active", "is_hotrush", "-priority", "id")
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_business_days__gte=1, target_minutes__isnull=True)
                    | models.Q(target_business_days__isnull=True, target_minutes__gte=1)
                ),
                name="sla_policy_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_one_target(self.target_business_days, self.target_minutes)


class DepartmentReplyPolicy(models.Model):
    """The reply target of a department that answers without a support entitlement (Customer
    Service, Sales: PRODUCT.md §7): its own calendar and target, for every request there that
    runs on no plan. Run by the same calendar maths as the contract SLA clock."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, related_name="reply_policy"
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.PROTECT, related_name="department_policies"
    )
    target_business_days = models.PositiveSmallIntegerField(
        _("target in business days"), null=True, blank=True
    )
    target_minutes = models.PositiveIntegerField(
        _("target in working minutes"), null=True, blank=True
    )
    warn_lead_minutes = models.PositiveIntegerField(
        _("warn this many working minutes before the due time"), default=30
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("department",)
        verbose_name = _("department reply policy")
        verbose_name_plural = _("department reply policies")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_business_days__gte=1, target_minutes__isnull=True)
                    | models.Q(target_business_days__isnull=True, target_minutes__gte=1)
                ),
                name="department_reply_policy_one_target",
            )
        ]

    def __str__(self) -> str:
        return str(self.department)

    def clean(self) -> None:
        check_one_target(self.target_business_days, self.target_minutes)

    def target_label(self) -> str:
        return target_label(self.target_business_days, self.target_minutes)

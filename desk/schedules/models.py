"""Engineers' shifts (PRODUCT.md §1: "has a weekly schedule inside the support hours"): a weekly
pattern on the support calendar's model, and days off and leave.

The maths is in `desk.sla.shifts` (pure); `selectors.py` turns these rows into calendars. A
schedule's `revision` changes with every edit of it or of the engineer's time off, so a process
can cache the built calendar under (engineer, revision) and still see every change.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Engineer
from desk.core import clock


class Schedule(models.Model):
    """An engineer's weekly shifts. Without a row, or with `weekly` empty (None), the engineer
    works the support hours (the support calendar, its holidays and special days included)."""

    engineer = models.OneToOneField(Engineer, on_delete=models.CASCADE, related_name="schedule")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    weekly = models.JSONField(
        _("weekly shifts"),
        null=True,
        blank=True,
        help_text=_(
            'Shifts per weekday in the schedule\'s time zone, e.g. {"mon": [["09:00", "17:00"]]}; '
            "a close at or before the open ends the next day. Empty: the support hours."
        ),
    )
    revision = models.UUIDField(default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return str(self.engineer)

    @property
    def follows_support_hours(self) -> bool:
        return self.weekly is None


class TimeOffKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    LEAVE = "leave", _("Leave")
    SICK = "sick", _("Sick leave")


class TimeOff(models.Model):
    """Whole days (in the schedule's time zone) on which none of the engineer's shifts opens."""

    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="time_off")
    kind = models.CharField(
        _("kind"), max_length=10, choices=TimeOffKind.choices, default=TimeOffKind.LEAVE
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ("first_day", "id")
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        indexes = [models.Index(fields=["engineer", "last_day"], name="time_off_engineer_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="time_off_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.engineer}: {self.first_day} – {self.last_day}"

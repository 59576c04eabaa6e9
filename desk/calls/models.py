"""Live calls on Hotrush requests (PRODUCT.md §5, issue 9): what the customer asked for, what the
engineer confirmed, and what the call used.

`windows` holds the customer's 1–3 preferred starts (UTC ISO) of `duration_minutes` each;
`starts_at`/`ends_at` the proposed or confirmed slot. `uid` and `sequence` are the calendar
invite's identity: the UID never changes, SEQUENCE grows with every new version sent.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Engineer
from desk.core import clock
from desk.tickets.models import Ticket


class HandleKind(models.TextChoices):
    SKYPE = "skype", _("Skype ID")
    VIDEO = "video", _("Video-call link")
    PHONE = "phone", _("Phone number")


class CallStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("Another time proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")


# Calls whose minutes count against the request's cap: a slot an engineer has offered or
# confirmed holds its length, a held call what it really used.
BOOKED_STATUSES = (CallStatus.PROPOSED, CallStatus.CONFIRMED)
ACTIVE_STATUSES = (CallStatus.REQUESTED, CallStatus.PROPOSED, CallStatus.CONFIRMED)


class Call(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    handle_kind = models.CharField(_("contact by"), max_length=10, choices=HandleKind.choices)
    handle = models.CharField(_("contact handle"), max_length=500)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    windows = models.JSONField(_("preferred times"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.REQUESTED
    )
    engineer = models.ForeignKey(
        Engineer, on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    minutes_used = models.PositiveSmallIntegerField(_("minutes used"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    invited = models.BooleanField(default=False)  # an invite of this UID has gone out
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["ticket", "status"], name="call_ticket_idx"),
            models.Index(fields=["engineer", "starts_at"], name="call_engineer_idx"),
            models.Index(fields=["status", "starts_at"], name="call_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1),
                name="call_has_a_length",
            ),
            models.CheckConstraint(
                condition=(
                    ~models.Q(status__in=["proposed", "confirmed", "held", "missed"])
                    | models.Q(
                        engineer__isnull=False, starts_at__isnull=False, ends_at__isnull=False
                    )
                ),
                name="call_booked_has_engineer_and_slot",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(minutes_used__isnull=False),
                name="call_held_has_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"call {self.pk} on {self.ticket_id}"

    @property
    def window_starts(self) -> list[datetime]:
        return [datetime.fromisoformat(value) for value in self.windows]

    @property
    def counted_minutes(self) -> int:
        """What this call takes from the request's cap."""
        if self.status == CallStatus.HELD:
            return self.minutes_used or 0
        if self.status in BOOKED_STATUSES:
            return self.duration_minutes
        return 0

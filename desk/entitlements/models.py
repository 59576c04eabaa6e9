"""What a customer may use now: one subscription per store, and an incident-credit ledger."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.billing.models import Order
from desk.catalog.models import IncidentPriority, Plan
from desk.core import clock
from desk.stores.models import Store


class Subscription(models.Model):
    """Covers exactly one store. Buying again extends `ends_at`; the row is never duplicated."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions"
    )
    store = models.OneToOneField(Store, on_delete=models.PROTECT, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_at = models.DateTimeField(default=clock.now)
    fair_use_flagged_at = models.DateTimeField(_("fair use flagged"), null=True, blank=True)

    class Meta:
        ordering = ("-ends_at",)
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["customer", "ends_at"], name="sub_customer_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="sub_period_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} · {self.store}"

    def is_active_at(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at

    @property
    def is_active(self) -> bool:
        return self.is_active_at(clock.now())


class SubscriptionEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    EXTENDED = "extended", _("Extended")
    FAIR_USE_FLAGGED = "fair_use_flagged", _("Fair use flagged")
    FAIR_USE_CLEARED = "fair_use_cleared", _("Fair use review cleared")
    REVOKED = "revoked", _("Shortened after refund or dispute")


class SubscriptionEvent(models.Model):
    """Append-only history of a subscription."""

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=SubscriptionEventKind.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True)
    ends_before = models.DateTimeField(null=True, blank=True)
    ends_after = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("created_at", "id")


class CreditBalance(models.Model):
    """Current number of unused credits; changed only by conditional UPDATEs beside a ledger row."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_balances"
    )
    priority = models.CharField(max_length=10, choices=IncidentPriority.choices)
    remaining = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "priority"], name="credit_balance_unique"),
            models.CheckConstraint(
                condition=models.Q(remaining__gte=0), name="credit_balance_non_negative"
            ),
        ]


class CreditReason(models.TextChoices):
    PURCHASE = "purchase", _("Purchased")
    CONSUME = "consume", _("Used for a request")
    RETURN = "return", _("Returned")
    REFUND = "refund", _("Withdrawn after refund")


class CreditEntry(models.Model):
    """Append-only ledger of incident credits; the balance is the sum of `delta`."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_entries"
    )
    priority = models.CharField(max_length=10, choices=IncidentPriority.choices)
    delta = models.SmallIntegerField()
    reason = models.CharField(max_length=20, choices=CreditReason.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True)
    # The request a credit was used for or returned from. A plain id: tickets sit above us.
    ticket_id = models.BigIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="credit_customer_idx"),
            models.Index(fields=["ticket_id"], name="credit_ticket_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(delta=0), name="credit_delta_nonzero"),
            # A request consumes at most one credit and gets at most one back.
            models.UniqueConstraint(
                fields=["ticket_id", "reason"],
                condition=models.Q(reason__in=["consume", "return"]),
                name="credit_once_per_ticket",
            ),
        ]


class UsageKind(models.TextChoices):
    REQUEST = "request", _("Request opened")
    REPLY = "reply", _("Engineer reply")


class UsageRecord(models.Model):
    """Fair-use counter rows: one per request opened / engineer reply under a subscription."""

    # The foreign key keeps its own index though `usage_window_idx` starts with it: the fair-use
    # report joins every record by subscription: 716k buffers through it, 1.39M and 0.06–0.4 s
    # more through the wider index (1M requests; bench/README.md, stop 22).
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="usage")
    kind = models.CharField(max_length=10, choices=UsageKind.choices)
    ticket_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [
            models.Index(fields=["subscription", "kind", "created_at"], name="usage_window_idx")
        ]


class CreditDeficit(models.Model):
    """Refunded credits that were already used: recorded for staff, never a negative balance."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_deficits"
    )
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="credit_deficit")
    priority = models.CharField(max_length=10, choices=IncidentPriority.choices)
    count = models.PositiveSmallIntegerField(_("credits already used"))
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("credit deficit")
        verbose_name_plural = _("credit deficits")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="credit_deficit_min1")
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.priority} × {self.count}"

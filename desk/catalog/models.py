"""What can be sold: plans with prices and features (PRODUCT.md §2). Seeded, editable in admin."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.core.money import Money


class PlanKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    INCIDENT = "incident", _("Single incident")


class IncidentPriority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Plan(models.Model):
    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    name = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    period_months = models.PositiveSmallIntegerField(
        _("period in months"), null=True, blank=True, help_text=_("Subscriptions only.")
    )
    incident_priority = models.CharField(
        _("incident priority"), max_length=10, choices=IncidentPriority.choices, blank=True
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    allows_hotrush = models.BooleanField(_("Hotrush"), default=False)
    includes_calls = models.BooleanField(_("live calls"), default=False)
    includes_installation = models.BooleanField(_("installation"), default=False)
    is_active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "id")
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="subscription", period_months__gte=1, incident_priority="")
                    | models.Q(kind="incident", period_months__isnull=True)
                    & ~models.Q(incident_priority="")
                ),
                name="plan_kind_fields_consistent",
            ),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="plan_price_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def money(self) -> Money:
        return Money(self.price, self.currency)

    @property
    def is_subscription(self) -> bool:
        return self.kind == PlanKind.SUBSCRIPTION

    def localized_name(self, language: str) -> str:
        return self.name_ru if language == "ru" and self.name_ru else self.name

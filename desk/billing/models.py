"""Orders, invoices and payments. Fulfilment (what the order grants) lives in entitlements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.catalog.models import Plan
from desk.core import clock
from desk.core.money import Money
from desk.stores.models import Store


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class Order(models.Model):
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="orders")
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    provider = models.CharField(_("payment provider"), max_length=20)
    provider_reference = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    created_at = models.DateTimeField(default=clock.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="order_customer_idx"),
            models.Index(fields=["status", "created_at"], name="order_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_quantity_min1"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"SD-{self.pk:06d}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class InvoiceSequence(models.Model):
    """One row per series; the next number is taken with a conditional update (no gaps)."""

    series = models.CharField(max_length=10, unique=True)
    last_number = models.PositiveIntegerField(default=0)


class Invoice(models.Model):
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(_("number"), max_length=20, unique=True)
    issued_at = models.DateTimeField(default=clock.now)
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    lines = models.JSONField(_("lines"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    class Meta:
        ordering = ("-issued_at", "-id")
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

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
    DISPUTED = "disputed", _("Disputed")


# An order in one of these states had its purchase taken back (or never granted).
REVOKED_STATUSES = (OrderStatus.REFUNDED, OrderStatus.DISPUTED)


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
    # Offline: the invoice number. Stripe: the Checkout Session id (fulfilment is keyed on it).
    provider_reference = models.CharField(max_length=255, blank=True)
    # Stripe: the PaymentIntent of the session; refunds and disputes name it.
    payment_reference = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    created_at = models.DateTimeField(default=clock.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
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
            models.Index(fields=["payment_reference"], name="order_payment_ref_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_quantity_min1"),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="order_provider_reference_unique",
            ),
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


class StripeEvent(models.Model):
    """Every verified Stripe event, stored once (the webhook answers before processing it).

    `processed_at` stays empty until the event took effect; the reconciliation task retries
    events left unprocessed (a lost task, or a refund that arrived before its payment).
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    # The Checkout Session / PaymentIntent the event is about, to find it without the payload.
    session_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_reference = models.CharField(max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(default=clock.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ("received_at", "id")
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(processed_at__isnull=True),
                name="stripe_event_unprocessed_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

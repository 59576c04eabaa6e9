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
    # What is bought: a catalog plan, or a quote (out-of-scope work); exactly one of the two.
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    quote = models.OneToOneField(
        "Quote", on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
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
    # An offline payment as staff recorded it ("Mark paid"): what arrived and on which day.
    received_amount = models.DecimalField(
        _("amount received"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("date received"), null=True, blank=True)
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
            # The revenue report (desk.reports.revenue): paid orders by month, and money taken back.
            models.Index(
                fields=["paid_at"], condition=models.Q(paid_at__isnull=False), name="order_paid_idx"
            ),
            models.Index(
                fields=["revoked_at"],
                condition=models.Q(revoked_at__isnull=False),
                name="order_revoked_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_quantity_min1"),
            models.CheckConstraint(
                condition=(
                    models.Q(plan__isnull=False, quote__isnull=True)
                    | models.Q(plan__isnull=True, quote__isnull=False)
                ),
                name="order_plan_xor_quote",
            ),
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


class QuoteStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted, awaiting payment")
    DECLINED = "declined", _("Declined")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A ticket has at most one quote in these states (a partial unique constraint backs it).
OPEN_QUOTE_STATUSES = (QuoteStatus.OFFERED, QuoteStatus.ACCEPTED)


class Quote(models.Model):
    """A price for work outside the service scope, offered on a request (PRODUCT.md §6).

    `ticket_id` is a plain id: billing sits below tickets and may not import them. Accepting
    places one `Order` for the quote (`quote.order`, the reverse of `Order.quote`).
    """

    ticket_id = models.BigIntegerField(_("request"))
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quotes"
    )
    description = models.TextField(_("description"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    status = models.CharField(
        _("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.OFFERED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # When it was accepted, declined or withdrawn; its order's `paid_at` says when it was paid.
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [models.Index(fields=["ticket_id", "created_at"], name="quote_ticket_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0, amount__lte=100_000), name="quote_amount_range"
            ),
            models.UniqueConstraint(
                fields=["ticket_id"],
                condition=models.Q(status__in=["offered", "accepted"]),
                name="quote_one_open_per_ticket",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"Q-{self.pk:06d}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUOTE_STATUSES

"""Outgoing webhooks: endpoints staff register, events with a stable id, one delivery of each
event to each subscribed endpoint, and every attempt of a delivery (the log staff read)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from desk.core import clock, sealing


class EventType(models.TextChoices):
    REQUEST_OPENED = "request.opened", _("Request opened")
    REQUEST_REPLIED = "request.replied", _("Request replied")
    REQUEST_RESOLVED = "request.resolved", _("Request resolved")
    SLA_WARNING = "sla.warning", _("Reply due soon (SLA warning)")
    SLA_BREACHED = "sla.breached", _("Reply overdue (SLA breach)")
    ORDER_PAID = "order.paid", _("Order paid")
    ORDER_REFUNDED = "order.refunded", _("Order refunded")
    CALL_BOOKED = "call.booked", _("Call booked")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookEndpoint(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Signs every delivery (HMAC-SHA256): signing needs it back, so it is sealed at rest
    # (`desk.core.sealing`, bound to the endpoint) rather than hashed; read and set via `secret`.
    key_id = models.CharField(max_length=16, editable=False)
    sealed_secret = models.BinaryField(editable=False)
    event_types = models.JSONField(_("event types"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:  # never the secret
        return f"<WebhookEndpoint {self.pk} {self.url}>"

    def save(self, *args: Any, **kwargs: Any) -> None:
        pending = self.__dict__.pop("_pending_secret", None)
        if pending is None:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            self.secret = pending
            super().save(using=kwargs.get("using"), update_fields=["key_id", "sealed_secret"])

    def _context(self) -> bytes:
        return b"supportdesk/webhook-endpoint:%d" % self.pk

    @property
    @sensitive_variables()
    def secret(self) -> str:
        pending: str | None = self.__dict__.get("_pending_secret")
        if pending is not None:
            return pending
        what = f"the signing secret of webhook endpoint {self.pk}"
        blob = bytes(self.sealed_secret)
        return sealing.unseal(self.key_id, blob, context=self._context(), what=what).decode()

    @secret.setter
    @sensitive_variables()
    def secret(self, value: str) -> None:
        if self.pk is None:  # bound to the id: sealed once the row has one (`save`)
            self.__dict__["_pending_secret"] = value
            return
        self.key_id, self.sealed_secret = sealing.seal(value.encode(), context=self._context())


class WebhookEvent(models.Model):
    """Something that happened; `id` is the stable event id receivers deduplicate on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class WebhookDelivery(models.Model):
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due_idx"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("sent"), default=clock.now)
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.CharField(_("error"), max_length=200, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    is_manual = models.BooleanField(_("manual"), default=False)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ("-started_at", "-id")

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

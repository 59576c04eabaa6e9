"""Outgoing mail: one row per (event, recipient), written in the transaction of the change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Language
from desk.core import clock


class MailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent")


class AutoSubmitted(models.TextChoices):
    """RFC 3834: notifications are auto-generated; answers to incoming mail are auto-replied."""

    GENERATED = "auto-generated", "auto-generated"
    REPLIED = "auto-replied", "auto-replied"


class OutboxMail(models.Model):
    event_key = models.CharField(max_length=200)
    recipient_email = models.EmailField(max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict, blank=True)
    # An iCalendar invite (RFC 5546: METHOD REQUEST or CANCEL) sent with the mail, as text.
    calendar = models.TextField(blank=True)
    # Fixed at enqueue time so that a retried send carries the same Message-ID.
    message_id = models.CharField(max_length=255, unique=True)
    thread_ref = models.CharField(max_length=100, blank=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    reply_ticket_id = models.PositiveBigIntegerField(null=True, blank=True)
    auto_submitted = models.CharField(
        max_length=20, choices=AutoSubmitted.choices, default=AutoSubmitted.GENERATED
    )
    state = models.CharField(max_length=10, choices=MailState.choices, default=MailState.PENDING)
    state_reason = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The worker holding the claim (desk.core.workers); "" for a process that is no worker.
    claimed_by = models.CharField(max_length=64, blank=True)
    # Set just before the final "." of the SMTP transaction: from then on the server may have
    # accepted the mail, so a recovered claim is never sent again (delivery.py).
    smtp_committing_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "recipient_email"], name="outbox_one_mail_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            # the caps (`desk.outbox.caps`) count only the mail that was not suppressed
            models.Index(
                fields=["recipient_email", "created_at"],
                name="outbox_address_idx",
                condition=~models.Q(state="suppressed"),
            ),
            models.Index(
                fields=["thread_ref", "created_at"],
                name="outbox_thread_idx",
                condition=~models.Q(state="suppressed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient_email} ({self.state})"


class UndeliverableAddress(models.Model):
    """An address that bounced permanently (5.x.x): nothing more is sent to it."""

    email = models.EmailField(max_length=254, unique=True)
    status_code = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")

    def __str__(self) -> str:
        return self.email

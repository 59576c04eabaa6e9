"""Incoming mail: every message kept raw, with what the pipeline decided; and the spool of mail
that could not be processed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, User
from desk.core import clock
from desk.tickets.models import Message, Ticket


class InboundState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ATTACHED = "attached", _("Added to a request")
    OPENED = "opened", _("Opened a request")
    POINTED = "pointed", _("Pointed to the HelpDesk")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    QUARANTINED = "quarantined", _("Quarantined")
    HELD = "held", _("Held until the customer confirms it")
    AUTOMATIC = "automatic", _("Automatic mail (not answered)")
    BOUNCE = "bounce", _("Delivery report")
    DROPPED = "dropped", _("Dropped")


class InboundMessage(models.Model):
    mailbox = models.CharField(max_length=100)
    # "mid:<Message-ID>" or, without one, "sha256:<hash of the raw bytes>".
    dedupe_key = models.CharField(max_length=255)
    message_id = models.CharField(max_length=998, blank=True)
    raw_sha256 = models.CharField(max_length=64)
    raw = models.BinaryField()
    envelope_recipient = models.CharField(max_length=254, blank=True)
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    state = models.CharField(
        max_length=20, choices=InboundState.choices, default=InboundState.RECEIVED
    )
    reason = models.CharField(max_length=100, blank=True)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket_message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What proved the sender (issue 10): the From domain that DKIM or our MTA authenticated,
    # "reply-token" for a reply through a request's signed reply address, "" for nothing.
    authenticated_by = models.CharField(max_length=255, blank=True)
    # Held mail: the customer who must confirm it (the sender's account, or the customer of the
    # request a stranger wrote to), and the department it was routed to.
    held_for = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    html_sanitized = models.TextField(blank=True)
    skipped_attachments = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "dedupe_key"], name="inbound_once"),
        ]
        indexes = [
            models.Index(fields=["state", "created_at"], name="inbound_state_idx"),
            models.Index(fields=["held_for", "state"], name="inbound_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender or '?'}: {self.subject} ({self.state})"


class SpoolState(models.TextChoices):
    PENDING = "pending", _("Waiting for reprocessing")
    REPROCESSED = "reprocessed", _("Reprocessed")


class UnprocessableMail(models.Model):
    """Mail the pipeline could not handle, kept raw with the reason; staff see it in the admin
    and `manage.py mailgate --reprocess` runs it through the pipeline again."""

    mailbox = models.CharField(max_length=100)
    envelope_recipient = models.CharField(max_length=254, blank=True)
    raw_sha256 = models.CharField(max_length=64)
    raw = models.BinaryField()
    size = models.PositiveBigIntegerField()
    reason = models.TextField()
    state = models.CharField(max_length=20, choices=SpoolState.choices, default=SpoolState.PENDING)
    attempts = models.PositiveIntegerField(default=1)
    inbound = models.ForeignKey(
        InboundMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    reprocessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("unprocessable mail")
        verbose_name_plural = _("unprocessable mail")
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "raw_sha256"], name="spool_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mailbox}: {self.reason[:60]}"

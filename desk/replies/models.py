"""The engineer's desk around a reply: canned replies, drafts and who is on a request now."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, Engineer, Language
from desk.core import clock
from desk.tickets.models import Ticket


class CannedReply(models.Model):
    """A reply text with placeholders. `owner` set: personal (only its owner sees it); empty:
    shared with every engineer. `department` empty: offered in every department."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("Empty: offered in every department."),
    )
    owner = models.ForeignKey(
        Engineer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_replies",
        verbose_name=_("owner"),
        help_text=_("Empty: shared with every engineer; set: personal to that engineer."),
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("title", "id")
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        indexes = [models.Index(fields=["language", "department"], name="canned_reply_offer_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class ReplyDraft(models.Model):
    """An engineer's unsent reply on one request, kept while they type; removed on send."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "engineer"], name="reply_draft_unique")
        ]


class ReplyPresence(models.Model):
    """The last time an engineer had a request open (`seen_at`) and typed a reply on it
    (`typing_at`). Rows are read with an expiry, so a closed tab stops counting by itself."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=clock.now)
    typing_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "engineer"], name="reply_presence_unique")
        ]
        indexes = [models.Index(fields=["ticket", "seen_at"], name="reply_presence_ticket_idx")]

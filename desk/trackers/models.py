"""What the issue behind a request's bug link says, as last fetched: cached beside the request
(one row per request), refreshed by `tasks.poll_bug_link`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.core import clock
from desk.tickets.models import Ticket


class IssueState(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BugLinkState(models.Model):
    """`url` is the bug link this row is about: when the request's link changes, the row starts
    over. `error` is the code of the last failed fetch ("" after a good one; the state and
    title then stay as last known). `was_open`: the issue was seen open under this link, so a
    later "closed" is news for the customer; `closed_notified_at` makes that mail one-time."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="bug_state")
    url = models.CharField(max_length=500)
    tracker = models.CharField(max_length=10, blank=True)
    issue_key = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        _("issue state"), max_length=10, choices=IssueState.choices, default=IssueState.UNKNOWN
    )
    title = models.CharField(_("issue title"), max_length=300, blank=True)
    error = models.CharField(max_length=50, blank=True)
    was_open = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)  # last attempt, good or not
    next_poll_at = models.DateTimeField(null=True, blank=True)  # None: polling stopped
    closed_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("bug link state")
        verbose_name_plural = _("bug link states")
        indexes = [models.Index(fields=["next_poll_at"], name="bug_state_next_poll_idx")]

    def __str__(self) -> str:
        return f"{self.issue_key or self.url}: {self.state}"

    @property
    def is_closed(self) -> bool:
        return self.state == IssueState.CLOSED

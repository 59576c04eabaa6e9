"""Customer satisfaction (CSAT): one survey per resolved request, its score and comment, and the
follow-up a bad score opens for the department's team lead."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, Engineer, Language
from desk.catalog.models import Plan
from desk.core import clock
from desk.tickets.models import Ticket


class Score(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    BAD = "bad", _("Bad")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email link")
    PORTAL = "portal", _("Portal")
    API = "api", _("API")


class Survey(models.Model):
    """Asked once per request, the first time it is resolved. Who answered it, in which plan and
    department, are copied when it is asked: the reports group by them without reading the
    request's later changes. `score` is empty until cast; the first score counts for good."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="survey")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    engineer = models.ForeignKey(
        Engineer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=Language.choices)
    asked_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    score = models.CharField(_("score"), max_length=4, choices=Score.choices, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        indexes = [models.Index(fields=["scored_at"], name="survey_scored_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score="", scored_at__isnull=True)
                | (~models.Q(score="") & models.Q(scored_at__isnull=False)),
                name="survey_score_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"survey of request {self.ticket_id}"

    @property
    def is_scored(self) -> bool:
        return self.score != ""


class DepartmentLead(models.Model):
    """The team lead of a department: who follows bad scores up. At most one per department;
    without one, follow-ups wait unassigned in the console for the department's engineers."""

    department = models.OneToOneField(Department, on_delete=models.CASCADE, related_name="+")
    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("team lead")
        verbose_name_plural = _("team leads")

    def __str__(self) -> str:
        return f"{self.engineer} leads {self.department}"


class FollowUp(models.Model):
    """A bad score, to be followed up by the team lead: opened with the score, in its
    transaction; done once someone noted what was done."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="follow_up")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(
        Engineer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("follow-up of a bad score")
        verbose_name_plural = _("follow-ups of bad scores")
        indexes = [models.Index(fields=["done_at", "-created_at"], name="follow_up_open_idx")]

    def __str__(self) -> str:
        return f"follow-up of survey {self.survey_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

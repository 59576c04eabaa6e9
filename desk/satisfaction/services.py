"""Every state change of satisfaction surveys: ask, score, comment, follow a bad score up.

A score is written by one conditional UPDATE (`WHERE score = ''`): of two clicks, two tabs or
two workers, exactly one records it, on SQLite and PostgreSQL alike; the other is told the
request was already rated. The follow-up of a bad score is opened in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from desk.accounts.models import User
from desk.core import clock
from desk.satisfaction import errors, notifications
from desk.satisfaction.models import DepartmentLead, FollowUp, Score, Survey
from desk.tickets.models import Ticket

MAX_COMMENT = 2000
SWEEP_BATCH = 200


def offer_survey(*, ticket: Ticket, notify: bool = True) -> Survey | None:
    """Ask the customer of the resolved `ticket` how it went, once per request: the survey, and
    (with `notify`) the mail with its one-click links, after commit. None if the request was
    never resolved. Safe to call twice: the request's survey is returned as it is."""
    if ticket.resolved_at is None:
        return None
    now = clock.now()
    with transaction.atomic():
        survey, created = Survey.objects.get_or_create(
            ticket=ticket,
            defaults={
                "customer_id": ticket.customer_id,
                "engineer_id": ticket.assignee_id,
                "department_id": ticket.department_id,
                "plan_id": ticket.plan_id,
                "language": ticket.customer.language,
                "asked_at": now,
                "expires_at": now + timedelta(days=settings.DESK_CSAT_LINK_DAYS),
            },
        )
        if created and notify:
            notifications.ask_customer(survey)
    return survey


def offer_due_surveys() -> int:
    """The periodic sweep: a survey for every request resolved in the last DESK_CSAT_OFFER_DAYS
    that has none (reopened requests lose `resolved_at`, so they wait for the next resolution).
    Returns how many were asked."""
    since = clock.now() - timedelta(days=settings.DESK_CSAT_OFFER_DAYS)
    due = Ticket.objects.filter(resolved_at__gte=since, survey__isnull=True).order_by("pk")
    asked = 0
    for ticket in due.select_related("customer")[:SWEEP_BATCH]:
        if offer_survey(ticket=ticket) is not None:
            asked += 1
    return asked


def cast_score(*, survey_id: int, score: str, channel: str) -> Survey:
    """Record the first score of the survey. The caller has checked who may (a genuine link or
    the customer's own request). Raises `invalid_score`, `survey_not_found`, `survey_closed`,
    `survey_already_scored` (nothing changes: the first score counts)."""
    if score not in Score.values:
        raise errors.invalid_score()
    survey = _survey(survey_id)
    now = clock.now()
    if survey.is_scored:
        raise errors.already_scored()
    if now >= survey.expires_at:
        raise errors.survey_closed()
    with transaction.atomic():
        updated = Survey.objects.filter(pk=survey.pk, score="").update(
            score=score, scored_at=now, channel=channel
        )
        if updated != 1:
            raise errors.already_scored()
        survey.refresh_from_db()
        if score == Score.BAD:
            _open_follow_up(survey)
    return survey


def add_comment(*, survey_id: int, comment: str) -> Survey:
    """The optional comment after a score, once. Raises `invalid_comment`, `survey_not_found`,
    `survey_not_scored`, `survey_closed`, `survey_already_commented`."""
    text = comment.strip()
    if not text or len(text) > MAX_COMMENT:
        raise errors.invalid_comment(MAX_COMMENT)
    survey = _survey(survey_id)
    if not survey.is_scored:
        raise errors.not_scored()
    if survey.comment:
        raise errors.already_commented()
    now = clock.now()
    if now >= survey.expires_at:
        raise errors.survey_closed()
    updated = (
        Survey.objects.filter(pk=survey.pk, comment="")
        .exclude(score="")
        .update(comment=text, commented_at=now)
    )
    if updated != 1:
        raise errors.already_commented()
    survey.refresh_from_db()
    return survey


def close_follow_up(*, follow_up_id: int, by: User, note: str) -> FollowUp:
    """Mark a follow-up done with what was done. Raises `follow_up_not_found`, `invalid_comment`,
    `follow_up_done`."""
    text = note.strip()
    if len(text) > MAX_COMMENT:
        raise errors.invalid_comment(MAX_COMMENT)
    follow_up = FollowUp.objects.filter(pk=follow_up_id).first()
    if follow_up is None:
        raise errors.follow_up_not_found()
    updated = FollowUp.objects.filter(pk=follow_up_id, done_at__isnull=True).update(
        done_at=clock.now(), done_by=by, note=text
    )
    if updated != 1:
        raise errors.follow_up_done()
    follow_up.refresh_from_db()
    return follow_up


def _survey(survey_id: int) -> Survey:
    survey = Survey.objects.select_related("ticket").filter(pk=survey_id).first()
    if survey is None:
        raise errors.survey_not_found()
    return survey


def _open_follow_up(survey: Survey) -> FollowUp:
    """Inside the transaction that recorded the bad score."""
    lead = (
        DepartmentLead.objects.select_related("engineer__user")
        .filter(department_id=survey.department_id, engineer__is_active=True)
        .first()
    )
    follow_up = FollowUp.objects.create(
        survey=survey,
        department_id=survey.department_id,
        lead=lead.engineer if lead else None,
        created_at=clock.now(),
    )
    if lead is not None:
        notifications.tell_lead(follow_up, lead.engineer)
    return follow_up

"""A bad score opens one follow-up for the department's team lead, who hears of it by mail."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.outbox.models import OutboxMail
from desk.satisfaction import services
from desk.satisfaction.models import DepartmentLead, FollowUp


@pytest.fixture
def lead(engineer_ru, resolved):
    DepartmentLead.objects.create(department=resolved.department, engineer=engineer_ru)
    return engineer_ru


def test_a_bad_score_opens_a_follow_up_for_the_lead(survey, lead):
    # when
    services.cast_score(survey_id=survey.pk, score="bad", channel="portal")

    # then: one open follow-up, assigned to the lead, and one mail to the lead
    follow_up = FollowUp.objects.get()
    assert (follow_up.survey_id, follow_up.lead_id) == (survey.pk, lead.pk)
    assert follow_up.department_id == survey.department_id
    assert follow_up.done_at is None
    mail = OutboxMail.objects.get(template="satisfaction_follow_up")
    assert mail.recipient_email == lead.user.email
    assert mail.language == lead.user.language


def test_without_a_lead_the_follow_up_waits_unassigned(survey):
    services.cast_score(survey_id=survey.pk, score="bad", channel="portal")

    assert FollowUp.objects.get().lead is None
    assert not OutboxMail.objects.filter(template="satisfaction_follow_up").exists()


@pytest.mark.parametrize("score", ["good", "okay"])
def test_other_scores_open_nothing(survey, lead, score):
    services.cast_score(survey_id=survey.pk, score=score, channel="portal")
    assert not FollowUp.objects.exists()


def test_the_lead_marks_it_done_once(survey, lead):
    services.cast_score(survey_id=survey.pk, score="bad", channel="portal")
    follow_up = FollowUp.objects.get()

    # when
    done = services.close_follow_up(follow_up_id=follow_up.pk, by=lead.user, note="Called them.")
    with pytest.raises(DeskError) as again:
        services.close_follow_up(follow_up_id=follow_up.pk, by=lead.user, note="Twice")

    # then
    assert (done.done_by_id, done.note) == (lead.user.pk, "Called them.")
    assert again.value.code == "follow_up_done"
    follow_up.refresh_from_db()
    assert follow_up.note == "Called them."

"""Satisfaction surveys (CSAT): the customer reads and rates their own resolved requests. Every
write is one call into `desk.satisfaction.services`; the first score counts."""

# No `from __future__ import annotations`: ninja resolves the annotations at import time.

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from desk.api.callers import signed_in_user
from desk.api.schemas.errors import error_responses, write_responses
from desk.api.schemas.satisfaction import CommentIn, ScoreIn, SurveyOut, survey_out
from desk.core import clock
from desk.satisfaction import errors, services
from desk.satisfaction.access import access_rated_ticket
from desk.satisfaction.models import Channel
from desk.satisfaction.selectors import survey_of_ticket

router = Router(tags=["satisfaction"])


@router.get(
    "/tickets/{ticket_id}/satisfaction",
    response={200: SurveyOut, **error_responses(404)},
)
def get_satisfaction(request: HttpRequest, ticket_id: int) -> dict[str, object]:
    """The satisfaction survey of your resolved request. Codes: `ticket_not_found`,
    `survey_not_found` (never resolved)."""
    ticket = access_rated_ticket(signed_in_user(request), ticket_id)
    survey = survey_of_ticket(ticket.pk)
    if survey is None and ticket.resolved_at is None:
        raise errors.survey_not_found()
    return survey_out(ticket_id, survey, now=clock.now())


@router.post(
    "/tickets/{ticket_id}/satisfaction",
    response={200: SurveyOut, **write_responses(404, 409, 410)},
)
def rate_request(request: HttpRequest, ticket_id: int, payload: ScoreIn) -> dict[str, object]:
    """Rate your resolved request, once: `good`, `okay` or `bad`, with an optional comment.
    Codes: `ticket_not_found`, `survey_not_found` (never resolved), `invalid_score`,
    `invalid_comment`, `survey_already_scored` (409), `survey_closed` (410)."""
    ticket = access_rated_ticket(signed_in_user(request), ticket_id)
    with transaction.atomic():
        survey = services.offer_survey(ticket=ticket, notify=False)
        if survey is None:
            raise errors.survey_not_found()
        survey = services.cast_score(survey_id=survey.pk, score=payload.score, channel=Channel.API)
        if payload.comment.strip():
            survey = services.add_comment(survey_id=survey.pk, comment=payload.comment)
    return survey_out(ticket_id, survey, now=clock.now())


@router.post(
    "/tickets/{ticket_id}/satisfaction/comment",
    response={200: SurveyOut, **write_responses(404, 409, 410)},
)
def comment_rating(request: HttpRequest, ticket_id: int, payload: CommentIn) -> dict[str, object]:
    """Add the comment to your rating, once. Codes: `ticket_not_found`, `survey_not_found`,
    `invalid_comment`, `survey_not_scored` (409), `survey_already_commented` (409),
    `survey_closed` (410)."""
    ticket = access_rated_ticket(signed_in_user(request), ticket_id)
    survey = survey_of_ticket(ticket.pk)
    if survey is None:
        raise errors.survey_not_found()
    survey = services.add_comment(survey_id=survey.pk, comment=payload.comment)
    return survey_out(ticket_id, survey, now=clock.now())

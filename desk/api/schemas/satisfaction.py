"""Satisfaction surveys: the customer reads and casts the score of their resolved request."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from desk.api.schemas.fields import Code, Reason, UtcDateTime, one_of, text
from desk.satisfaction.models import Score, Survey
from desk.satisfaction.services import MAX_COMMENT


class SurveyOut(Schema):
    ticket_id: int
    score: str | None = Field(description="`good`, `okay` or `bad`; null until rated.")
    comment: str
    scored_at: UtcDateTime | None
    expires_at: UtcDateTime | None = Field(
        description="Until when it can be rated; null: not asked yet (rating asks it)."
    )
    can_score: bool
    can_comment: bool


class ScoreIn(Schema):
    score: Annotated[Code, one_of(Score.values)] = Field(description="`good`, `okay` or `bad`.")
    comment: Annotated[Reason, text(MAX_COMMENT)] = Field(
        "", description="Optional; can also be added later, once."
    )


class CommentIn(Schema):
    comment: Annotated[Reason, text(MAX_COMMENT, min_length=1)]


def survey_out(ticket_id: int, survey: Survey | None, *, now: datetime) -> dict[str, object]:
    """The answer for a request's survey (None: resolved, not asked yet)."""
    if survey is None:
        return {
            "ticket_id": ticket_id,
            "score": None,
            "comment": "",
            "scored_at": None,
            "expires_at": None,
            "can_score": True,
            "can_comment": False,
        }
    is_open = now < survey.expires_at
    return {
        "ticket_id": ticket_id,
        "score": survey.score or None,
        "comment": survey.comment,
        "scored_at": survey.scored_at,
        "expires_at": survey.expires_at,
        "can_score": is_open and not survey.is_scored,
        "can_comment": is_open and survey.is_scored and not survey.comment,
    }

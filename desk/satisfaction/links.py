"""One-click rating links: a token signed with the site's secret (django.core.signing, own salt),
naming the survey, its request and its customer, valid for DESK_CSAT_LINK_DAYS.

A token proves that we sent it to this customer about this survey; it is not a score (the score
is the link's `?score=` and is confirmed by a POST: mail scanners prefetch GET links).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.core import signing
from django.urls import reverse

from desk.satisfaction import errors
from desk.satisfaction.models import Score, Survey

SALT: Final = "desk.satisfaction.vote"


@dataclass(frozen=True, slots=True)
class Claims:
    survey_id: int
    ticket_id: int
    customer_id: int


def link_lifetime() -> timedelta:
    return timedelta(days=settings.DESK_CSAT_LINK_DAYS)


def make_token(survey: Survey) -> str:
    payload = {"s": survey.pk, "t": survey.ticket_id, "c": survey.customer_id}
    return signing.dumps(payload, salt=SALT)


def read_token(token: str) -> Claims:
    """The claims of a genuine token; raises `survey_link_expired` or `survey_link_invalid`."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired as exc:
        raise errors.link_expired() from exc
    except signing.BadSignature as exc:
        raise errors.link_invalid() from exc
    if not isinstance(payload, dict):
        raise errors.link_invalid()
    values = [payload.get(key) for key in ("s", "t", "c")]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        raise errors.link_invalid()
    survey_id, ticket_id, customer_id = values
    return Claims(survey_id, ticket_id, customer_id)  # type: ignore[arg-type]


def score_urls(survey: Survey) -> dict[str, str]:
    """The absolute one-click link of each score, for mail."""
    base = settings.SITE_URL.rstrip("/") + reverse("portal:survey", args=[make_token(survey)])
    return {score: f"{base}?score={score}" for score in Score.values}

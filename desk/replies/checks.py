"""Validation of canned replies and drafts: each `check_*` returns the clean value or raises."""

from __future__ import annotations

from desk.accounts.models import Language
from desk.replies import errors
from desk.replies.placeholders import KNOWN, unknown_placeholders

TITLE_MAX = 120
BODY_MAX = 10_000
DRAFT_MAX = 50_000


def check_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > TITLE_MAX:
        raise errors.invalid_title(TITLE_MAX)
    return title


def check_body(body: str) -> str:
    body = body.strip()
    if not body or len(body) > BODY_MAX:
        raise errors.invalid_body(BODY_MAX)
    unknown = unknown_placeholders(body)
    if unknown:
        raise errors.unknown_placeholder(
            ", ".join(f"{{{name}}}" for name in unknown),
            ", ".join(f"{{{name}}}" for name in KNOWN),
        )
    return body


def check_language(language: str) -> str:
    if language not in Language.values:
        raise errors.invalid_language()
    return language


def check_draft(body: str) -> str:
    """The text as it can be stored: NUL characters (which PostgreSQL refuses) are dropped."""
    body = body.replace("\x00", "")
    if len(body) > DRAFT_MAX:
        raise errors.draft_too_long(DRAFT_MAX)
    return body

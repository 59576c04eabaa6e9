"""Input checks of request services: each returns the cleaned value or raises a DeskError."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from desk.accounts.models import Department, Language
from desk.catalog.models import IncidentPriority
from desk.tickets import errors
from desk.tickets.models import Status
from desk.tickets.scope import Category

SUBJECT_MAX = 200
BODY_MAX = 50_000
REASON_MAX = 2_000
BUG_URL_MAX = 500
DEFAULT_DEPARTMENT = "technical-support"


def check_subject(subject: str) -> str:
    # One line: newlines and control characters would break mail headers and lists.
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in subject).split())
    if not cleaned or len(cleaned) > SUBJECT_MAX:
        raise errors.invalid_subject(SUBJECT_MAX)
    return cleaned


def check_body(body: str) -> str:
    cleaned = body.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    if not cleaned.strip() or len(cleaned) > BODY_MAX:
        raise errors.invalid_body(BODY_MAX)
    return cleaned


def check_category(category: str) -> str:
    if category not in Category.values:
        raise errors.invalid_category()
    return category


def check_language(language: str) -> str:
    if language not in Language.values:
        raise errors.invalid_language()
    return language


def check_credit_priority(priority: str | None) -> str | None:
    if priority is not None and priority not in IncidentPriority.values:
        raise errors.invalid_credit_priority()
    return priority


def check_status(status: str) -> str:
    if status not in Status.values:
        raise errors.invalid_status()
    return status


def check_department(department: Department | None, *, via_email: bool = False) -> Department:
    """The department asked for, if it takes requests this way; Technical Support by default.

    Every department reads its mail (PRODUCT.md §7), so by email any department will do; through
    the HelpDesk only those that accept web requests.
    """
    if department is None:
        return Department.objects.get(code=DEFAULT_DEPARTMENT)
    if not via_email and not department.accepts_requests:
        raise errors.invalid_department()
    return department


def check_reason(reason: str) -> str:
    cleaned = reason.replace("\x00", "").strip()
    if not cleaned or len(cleaned) > REASON_MAX:
        raise errors.invalid_reason(REASON_MAX)
    return cleaned


def check_bug_url(url: str) -> str:
    cleaned = url.strip()
    if len(cleaned) > BUG_URL_MAX or any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise errors.invalid_bug_url(BUG_URL_MAX)
    try:
        URLValidator(schemes=["http", "https"])(cleaned)
    except ValidationError as exc:
        raise errors.invalid_bug_url(BUG_URL_MAX) from exc
    return cleaned

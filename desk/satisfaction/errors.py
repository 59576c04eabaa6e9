"""Stable error codes of satisfaction surveys. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound, PermissionDenied


def survey_not_found() -> NotFound:
    return NotFound("survey_not_found", _("This request has no satisfaction survey."))


def follow_up_not_found() -> NotFound:
    return NotFound("follow_up_not_found", _("Follow-up not found."))


def invalid_score() -> DeskError:
    return DeskError("invalid_score", _("Choose good, okay or bad."))


def invalid_comment(max_length: int) -> DeskError:
    return DeskError(
        "invalid_comment",
        ngettext_lazy(
            "Write a comment of at most %(max)d character.",
            "Write a comment of at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def link_invalid() -> DeskError:
    return DeskError(
        "survey_link_invalid",
        _("This rating link is not valid. Open the request in your account to rate it."),
    )


def link_expired() -> DeskError:
    return DeskError("survey_link_expired", _("This rating link has expired."), status=410)


def other_customer() -> PermissionDenied:
    return PermissionDenied(
        "survey_other_customer",
        _("This rating link belongs to another account. Sign out to use it."),
    )


def survey_closed() -> DeskError:
    return DeskError("survey_closed", _("The time to rate this request has passed."), status=410)


def already_scored() -> DeskError:
    return DeskError(
        "survey_already_scored",
        _("This request has already been rated; the first rating counts."),
        status=409,
    )


def not_scored() -> DeskError:
    return DeskError("survey_not_scored", _("Rate the request before you comment."), status=409)


def already_commented() -> DeskError:
    return DeskError("survey_already_commented", _("A comment has already been added."), status=409)


def follow_up_done() -> DeskError:
    return DeskError("follow_up_done", _("This follow-up is already done."), status=409)

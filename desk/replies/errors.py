"""Stable error codes of canned replies and drafts. Clients branch on `code`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError, NotFound


def canned_reply_not_found() -> NotFound:
    # Another engineer's personal reply answers the same as a missing one.
    return NotFound("canned_reply_not_found", _("Canned reply not found."))


def invalid_title(max_length: int) -> DeskError:
    return DeskError(
        "invalid_title", _("Enter a title of at most %(max)d characters."), max=max_length
    )


def invalid_body(max_length: int) -> DeskError:
    return DeskError(
        "invalid_body", _("Enter a text of at most %(max)d characters."), max=max_length
    )


def invalid_language() -> DeskError:
    return DeskError("invalid_language", _("Choose English or Russian."))


def unknown_placeholder(names: str, known: str) -> DeskError:
    return DeskError(
        "unknown_placeholder",
        _("Unknown placeholders: %(names)s. Known: %(known)s."),
        names=names,
        known=known,
    )


def draft_too_long(max_length: int) -> DeskError:
    return DeskError(
        "draft_too_long", _("A draft holds at most %(max)d characters."), max=max_length
    )

"""Stable error codes of API tokens. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound


class RateLimited(DeskError):
    """429 with the seconds to wait (the API adds a Retry-After header)."""

    def __init__(self, seconds: int) -> None:
        message = ngettext_lazy(
            "Too many requests with this token: try again in %(seconds)d second.",
            "Too many requests with this token: try again in %(seconds)d seconds.",
            seconds,
        )
        super().__init__("token_rate_limited", message, status=429, seconds=seconds)
        self.retry_after = seconds


def token_invalid() -> DeskError:
    return DeskError("token_invalid", _("This API token is not valid."), status=401)


def token_expired() -> DeskError:
    return DeskError("token_expired", _("This API token has expired."), status=401)


def token_revoked() -> DeskError:
    return DeskError("token_revoked", _("This API token has been revoked."), status=401)


def token_read_only() -> DeskError:
    return DeskError(
        "token_read_only", _("This API token may only read; this operation writes."), status=403
    )


def token_not_found() -> NotFound:
    return NotFound("token_not_found", _("API token not found."))


def invalid_token_name() -> DeskError:
    return DeskError(
        "invalid_token_name", _("Give the token a name of 1 to 100 characters."), field="name"
    )


def invalid_token_scope() -> DeskError:
    return DeskError("invalid_token_scope", _("Choose read or read and write."), field="scope")


def invalid_token_expiry() -> DeskError:
    return DeskError(
        "invalid_token_expiry",
        _("Choose when the token expires: in 7, 30, 90 or 365 days, or never."),
        field="expires",
    )


def invalid_token_customer() -> DeskError:
    return DeskError(
        "invalid_token_customer",
        _("No active customer account has this email address."),
        field="customer",
    )


def token_not_allowed() -> DeskError:
    return DeskError("token_not_allowed", _("Only staff can create service tokens."), status=403)


def token_already_revoked() -> DeskError:
    return DeskError("token_already_revoked", _("This token is already revoked."), status=409)

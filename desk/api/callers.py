"""Who is calling: the signed-in user, narrowed to the role an endpoint serves.

The console endpoints answer 404 `not_found` to anyone but engineers (the same answer as an unknown
URL), so a customer cannot even learn that they exist.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Engineer, User
from desk.core.errors import DeskError, NotFound
from desk.tickets.access import engineer_of


def not_found() -> NotFound:
    return NotFound("not_found", _("Not found."))


def signed_in_user(request: HttpRequest) -> User:
    """The session's user. Session auth ran first, so anything else is a wiring mistake."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise DeskError("not_authenticated", _("Sign in first."), status=401)
    return user


def signed_in_engineer(request: HttpRequest) -> Engineer:
    """The caller's active engineer profile; `not_found` (404) for everyone else."""
    try:
        return engineer_of(signed_in_user(request))
    except NotFound as exc:
        raise not_found() from exc


def signed_in_staff(request: HttpRequest) -> User:
    """An active engineer or a superuser (who may confirm payments); `not_found` otherwise."""
    user = signed_in_user(request)
    if not (user.is_engineer or user.is_superuser):
        raise not_found()
    return user

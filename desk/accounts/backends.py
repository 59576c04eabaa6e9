"""The authentication backend of every sign-in (portal, admin, API): emails compared in their
canonical form, brute force throttled (`throttle.py`), and staff with an authenticator must give
a fresh code as well (`two_factor.py`). A refusal never says which part was wrong."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from desk.accounts import throttle, two_factor
from desk.accounts.emails import canonical_email
from desk.accounts.models import User
from desk.core.prepared import PreparedQuery

THROTTLED_ATTRIBUTE = "desk_signin_wait_seconds"
# compiled once per process: every signed-in request reads its user (desk.core.prepared)
_USER_READ = PreparedQuery(
    User, lambda user_id: User._default_manager.select_related("engineer").filter(pk=user_id)
)


class ThrottledEmailBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        otp: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = canonical_email(username or str(kwargs.get("email") or ""))
        if not email or password is None:
            return None
        wait = throttle.wait_seconds(request, email)
        if wait:
            if request is not None:
                setattr(request, THROTTLED_ATTRIBUTE, wait)
            raise PermissionDenied  # ends authenticate(): no other backend, no password check
        user = super().authenticate(request, username=email, password=password)
        if isinstance(user, User) and two_factor.is_enabled(user):
            if not two_factor.verify(user=user, code=otp or ""):
                user = None
            elif request is not None and hasattr(request, "session"):
                two_factor.mark_session(request.session, user)
        if not isinstance(user, User):
            throttle.record_failure(request, email)
            return None
        throttle.record_success(request, email)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The user of a signed-in session, with their engineer profile read in the same query
        (a LEFT JOIN): every page's header and every console page ask `is_engineer`, which
        otherwise cost a query of its own. Otherwise as Django's: inactive users get None."""
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None  # not a key this backend gave out
        found = _USER_READ.rows(key)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None

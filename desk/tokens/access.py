"""Loads of a token with the permission check: anyone else's token is the same 404."""

from __future__ import annotations

from desk.accounts.models import User
from desk.tokens import errors
from desk.tokens.models import ApiToken
from desk.tokens.selectors import tokens_for_staff, tokens_of


def access_token(user: User, token_id: int) -> ApiToken:
    """A token acting as `user`; staff (engineers, superusers) also reach every service token."""
    is_staff = user.is_active and (user.is_engineer or user.is_superuser)
    tokens = tokens_for_staff(user) if is_staff else tokens_of(user)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise errors.token_not_found()
    return token

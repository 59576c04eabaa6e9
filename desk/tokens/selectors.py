"""Reads of API tokens, newest first."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from desk.accounts.models import User
from desk.tokens.models import ApiToken, TokenKind


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """Every token that acts as `user`: their personal tokens and service tokens bound to them."""
    return ApiToken.objects.filter(user=user).select_related("created_by").order_by("-created_at")


def tokens_for_staff(user: User) -> QuerySet[ApiToken]:
    """The staff member's own tokens and every service token."""
    return (
        ApiToken.objects.filter(Q(user=user) | Q(kind=TokenKind.SERVICE))
        .select_related("user", "created_by")
        .order_by("-created_at")
    )

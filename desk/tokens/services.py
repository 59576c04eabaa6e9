"""Every state change of API tokens: issue, revoke, and the check of a presented token.

The secret is shown once (the caller gets it back from `issue_*` and nowhere else); the row holds
the SHA-256 of the whole token, which is enough for a random 256-bit secret (no salt or slow hash
needed: nothing to guess). A presented token is compared in constant time, and an unknown prefix
costs the same hash and comparison as a known one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.db.models import Q

from desk.accounts import throttle
from desk.accounts.models import User
from desk.core import clock
from desk.tokens import errors
from desk.tokens.models import ApiToken, TokenKind, TokenScope

TOKEN_PREFIX: Final = "sdt_"  # noqa: S105 — the public marker of our tokens, no secret
TOKEN_SHAPE: Final = re.compile(r"^sdt_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")
EXPIRY_DAYS: Final = (7, 30, 90, 365)
USE_RECORD_SECONDS: Final = 60
_NO_HASH: Final = "0" * 64  # compared against when the prefix is unknown


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token: show it once, never store or log it


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_token_fields(*, name: str, scope: str, expires_in_days: int | None) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 100 or "\x00" in name:
        raise errors.invalid_token_name()
    if scope not in TokenScope.values:
        raise errors.invalid_token_scope()
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        raise errors.invalid_token_expiry()
    return name


def _issue(
    *, user: User, kind: str, name: str, scope: str, expires_in_days: int | None, by: User
) -> IssuedToken:
    name = check_token_fields(name=name, scope=scope, expires_in_days=expires_in_days)
    prefix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    now = clock.now()
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name,
        prefix=f"{TOKEN_PREFIX}{prefix}",
        secret_hash=hash_secret(raw),
        scope=scope,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return IssuedToken(token, raw)


def issue_personal_token(
    *, user: User, name: str, scope: str, expires_in_days: int | None
) -> IssuedToken:
    """A token of the signed-in `user` (customer or engineer), acting as them."""
    return _issue(
        user=user,
        kind=TokenKind.PERSONAL,
        name=name,
        scope=scope,
        expires_in_days=expires_in_days,
        by=user,
    )


def issue_service_token(
    *,
    staff: User,
    name: str,
    scope: str,
    expires_in_days: int | None,
    customer_email: str = "",
) -> IssuedToken:
    """A staff-made token for a machine: bound to the customer with `customer_email`, or (empty)
    with the engineer scope of `staff`."""
    if not (staff.is_active and (staff.is_engineer or staff.is_superuser)):
        raise errors.token_not_allowed()
    check_token_fields(name=name, scope=scope, expires_in_days=expires_in_days)
    acts_as = staff
    if customer_email.strip():
        customer = (
            User.objects.filter(email__iexact=customer_email.strip(), is_active=True)
            .filter(Q(engineer__isnull=True) | Q(engineer__is_active=False), is_superuser=False)
            .first()
        )
        if customer is None:
            raise errors.invalid_token_customer()
        acts_as = customer
    return _issue(
        user=acts_as,
        kind=TokenKind.SERVICE,
        name=name,
        scope=scope,
        expires_in_days=expires_in_days,
        by=staff,
    )


def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke `token` (loaded through `access_token`). Revoking twice is refused with a code."""
    now = clock.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        raise errors.token_already_revoked()
    token.revoked_at = now
    return token


def authenticate_token(*, raw: str, address: str, writes: bool) -> ApiToken:
    """The active token `raw` names, its use recorded and counted against its rate limit.
    Raises `token_invalid` / `token_expired` / `token_revoked` (401), `token_rate_limited`
    (429), `token_read_only` (403, a read token on a write)."""
    match = TOKEN_SHAPE.match(raw.strip())
    prefix = f"{TOKEN_PREFIX}{match.group(1)}" if match else ""
    token = (
        ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    )
    presented = hash_secret(raw.strip())
    matches = hmac.compare_digest(presented, token.secret_hash if token else _NO_HASH)
    if token is None or not matches or not token.user.is_active:
        raise errors.token_invalid()
    if token.revoked_at is not None:
        raise errors.token_revoked()
    now = clock.now()
    if token.is_expired(now):
        raise errors.token_expired()
    wait = throttle.window_wait(
        f"api-token:{token.pk}",
        limit=settings.DESK_API_TOKEN_RATE_LIMIT,
        window_seconds=settings.DESK_API_TOKEN_RATE_WINDOW_SECONDS,
    )
    if wait:
        raise errors.RateLimited(wait)
    if writes and token.scope != TokenScope.WRITE:
        raise errors.token_read_only()
    _record_use(token, address)
    return token


def _record_use(token: ApiToken, address: str) -> None:
    """At most one write a minute per token (and none when the row says it was just used)."""
    now = clock.now()
    stale = now - timedelta(seconds=USE_RECORD_SECONDS)
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now, last_used_address=address[:64])
    token.last_used_at, token.last_used_address = now, address[:64]

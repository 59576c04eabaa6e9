"""Brute-force throttling of sign-in (portal, admin, API alike: it sits in the authentication
backend), per account and per client address, shared across processes through the database.

Every failure counts against both keys. After DESK_SIGNIN_FREE_FAILURES failures of an account
the next attempt must wait, and the wait doubles with each further failure (1 s, 2 s, 4 s …,
at most DESK_SIGNIN_MAX_DELAY_SECONDS); after DESK_SIGNIN_LOCK_FAILURES the account is locked
for DESK_SIGNIN_LOCK_MINUTES. The address has its own, higher thresholds (many people share a
NAT). Counts fall back to zero after DESK_SIGNIN_WINDOW_MINUTES without a failure. An attempt
while a key waits is refused without checking the password at all; a success clears the
account's key. Keys are hashes: no address or email is stored in clear.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest

from desk.accounts.emails import canonical_email
from desk.accounts.models import SignInThrottle
from desk.core import clock


@dataclass(frozen=True, slots=True)
class Policy:
    free: int
    lock_after: int


def _account_policy() -> Policy:
    return Policy(settings.DESK_SIGNIN_FREE_FAILURES, settings.DESK_SIGNIN_LOCK_FAILURES)


def _address_policy() -> Policy:
    return Policy(
        settings.DESK_SIGNIN_ADDRESS_FREE_FAILURES, settings.DESK_SIGNIN_ADDRESS_LOCK_FAILURES
    )


def client_address(request: HttpRequest | None) -> str:
    """The client's IP: REMOTE_ADDR, or with DESK_TRUSTED_PROXY_COUNT proxies in front, the
    address the nearest proxy saw (counted from the right of X-Forwarded-For)."""
    if request is None:
        return "unknown"
    proxies = settings.DESK_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in forwarded.split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return str(hops[-proxies])[:64]
    return str(request.META.get("REMOTE_ADDR", "unknown"))[:64]


def _hashed(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"{kind}:{digest[:40]}"


def keys(request: HttpRequest | None, email: str) -> list[tuple[str, Policy]]:
    return [
        (_hashed("account", canonical_email(email)), _account_policy()),
        (_hashed("address", client_address(request)), _address_policy()),
    ]


def wait_seconds(request: HttpRequest | None, email: str) -> int:
    """How long this sign-in attempt must wait (0: go ahead)."""
    now = clock.now()
    names = [key for key, _ in keys(request, email)]
    until = (
        SignInThrottle.objects.filter(key__in=names, blocked_until__gt=now)
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )
    return max(1, math.ceil((until - now).total_seconds())) if until else 0


def delay_after(failures: int, policy: Policy) -> timedelta:
    if failures >= policy.lock_after:
        return timedelta(minutes=settings.DESK_SIGNIN_LOCK_MINUTES)
    if failures < policy.free:
        return timedelta(0)
    seconds = 2 ** (failures - policy.free)
    return timedelta(seconds=min(seconds, settings.DESK_SIGNIN_MAX_DELAY_SECONDS))


def _bump(key: str, policy: Policy, now: datetime) -> None:
    window_start = now - timedelta(minutes=settings.DESK_SIGNIN_WINDOW_MINUTES)
    if not SignInThrottle.objects.filter(key=key).exists():
        try:
            with transaction.atomic():
                SignInThrottle.objects.create(key=key, failures=0, last_failure_at=now)
        except IntegrityError:
            pass  # another process created it first
    # One conditional UPDATE: concurrent failures each count (no lost update).
    SignInThrottle.objects.filter(key=key).update(
        failures=Case(
            When(last_failure_at__lt=window_start, then=Value(1)), default=F("failures") + 1
        ),
        last_failure_at=now,
    )
    failures = SignInThrottle.objects.filter(key=key).values_list("failures", flat=True).get()
    delay = delay_after(failures, policy)
    if delay:
        SignInThrottle.objects.filter(key=key).update(blocked_until=now + delay)


def record_failure(request: HttpRequest | None, email: str) -> None:
    now = clock.now()
    for key, policy in keys(request, email):
        _bump(key, policy, now)


def record_success(request: HttpRequest | None, email: str) -> None:
    SignInThrottle.objects.filter(key=keys(request, email)[0][0]).delete()


def public_form_wait(request: HttpRequest | None, form: str) -> int:
    """Count one submission of a public form (sign-up, password reset) from this address; the
    answer is how long the address must wait (0: go ahead). Above DESK_PUBLIC_FORM_FREE
    submissions in the window the waits grow as for sign-in, and the address locks for a while
    after DESK_PUBLIC_FORM_LOCK."""
    key = _hashed(f"form-{form}", client_address(request))
    now = clock.now()
    blocked = (
        SignInThrottle.objects.filter(key=key, blocked_until__gt=now)
        .values_list("blocked_until", flat=True)
        .first()
    )
    if blocked:
        return max(1, math.ceil((blocked - now).total_seconds()))
    _bump(key, Policy(settings.DESK_PUBLIC_FORM_FREE, settings.DESK_PUBLIC_FORM_LOCK), now)
    return 0


def window_wait(name: str, *, limit: int, window_seconds: int) -> int:
    """Count one hit of `name` (an API token, …) in fixed windows of `window_seconds`, shared
    by every process through the same table as sign-in; the answer is how long the caller must
    wait (0: go ahead) once more than `limit` hits fell in the current window.

    The row's `last_failure_at` is the start of its window and `failures` the hits in it; one
    conditional UPDATE starts a new window or counts the hit (no lost update)."""
    key = _hashed("rate", name)
    now = clock.now()
    window = timedelta(seconds=window_seconds)
    is_new_window = Q(last_failure_at__lte=now - window)
    counted = SignInThrottle.objects.filter(key=key).update(
        failures=Case(When(is_new_window, then=Value(1)), default=F("failures") + 1),
        last_failure_at=Case(When(is_new_window, then=Value(now)), default=F("last_failure_at")),
    )
    if not counted:
        try:
            with transaction.atomic():
                SignInThrottle.objects.create(key=key, failures=1, last_failure_at=now)
        except IntegrityError:  # another process created it first: count there
            return window_wait(name, limit=limit, window_seconds=window_seconds)
        return 0
    hits, started = (
        SignInThrottle.objects.filter(key=key).values_list("failures", "last_failure_at").get()
    )
    if hits <= limit:
        return 0
    return max(1, math.ceil((started + window - now).total_seconds()))

"""Test helper: a staff member with a confirmed authenticator, and a client session that signed
in with a code (what the sign-in form does after a right code)."""

from __future__ import annotations

import pyotp
from django.test import Client

from desk.accounts import two_factor
from desk.accounts.models import StaffTotp, User
from desk.core import clock


def enable_totp(user: User) -> StaffTotp:
    totp, _ = StaffTotp.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32(), "confirmed_at": clock.now()}
    )
    return totp


def current_code(user: User, *, step_offset: int = 0) -> str:
    totp = StaffTotp.objects.get(user=user)
    return str(pyotp.TOTP(totp.secret).at(int(clock.now().timestamp()) + 30 * step_offset))


def with_second_factor(client: Client, user: User) -> Client:
    enable_totp(user)
    session = client.session
    session[two_factor.SESSION_KEY] = user.pk
    session.save()
    return client

"""TOTP two-factor sign-in for staff (RFC 6238, 30-second steps, 6 digits, one step of clock
drift either way). A code is accepted once: its time step must be later than the last one used.

The session remembers that its user signed in with a code (`SESSION_KEY`); revealing server
access details requires it (`desk.tickets.server_access`)."""

from __future__ import annotations

import pyotp
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import StaffTotp, User
from desk.core import clock, sealing
from desk.core.errors import DeskError

SESSION_KEY = "desk_second_factor_user"
ISSUER = "Supportdesk"
_STEP = 30


def invalid_code() -> DeskError:
    return DeskError("invalid_two_factor_code", _("The code is not right; try the next one."))


def not_staff() -> DeskError:
    return DeskError("two_factor_staff_only", _("Two-factor sign-in is for staff accounts."))


def is_enabled(user: User) -> bool:
    return StaffTotp.objects.filter(user=user, confirmed_at__isnull=False).exists()


def begin(*, user: User) -> StaffTotp:
    """A new, unconfirmed secret for `user` (replacing an unconfirmed one)."""
    if not user.is_staff:
        raise not_staff()
    with transaction.atomic():
        StaffTotp.objects.filter(user=user, confirmed_at__isnull=True).delete()
        found = StaffTotp.objects.filter(user=user).first()
        if found is not None:
            return found
        totp = StaffTotp(user=user)
        totp.secret = pyotp.random_base32()
        totp.save()
        return totp


def provisioning_uri(totp: StaffTotp) -> str:
    return pyotp.TOTP(totp.secret).provisioning_uri(name=totp.user.email, issuer_name=ISSUER)


def _accept(totp: StaffTotp, code: str) -> bool:
    """True when `code` is valid now and newer than the last accepted one (then remembered)."""
    cleaned = "".join(code.split())
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 6):
        return False
    generator = pyotp.TOTP(totp.secret)
    now = clock.now()
    current = int(now.timestamp()) // _STEP
    for counter in (current - 1, current, current + 1):
        if pyotp.utils.strings_equal(generator.at(counter * _STEP), cleaned):
            updated = StaffTotp.objects.filter(pk=totp.pk, last_counter__lt=counter).update(
                last_counter=counter
            )
            return updated == 1
    return False


def confirm(*, user: User, code: str) -> StaffTotp:
    """Turn two-factor sign-in on with the first right code."""
    totp = StaffTotp.objects.filter(user=user).first()
    if totp is None or not _accept(totp, code):
        raise invalid_code()
    if totp.confirmed_at is None:
        totp.confirmed_at = clock.now()
        totp.save(update_fields=["confirmed_at"])
    return totp


def verify(*, user: User, code: str) -> bool:
    """For sign-in: a confirmed authenticator and a fresh right code."""
    totp = StaffTotp.objects.filter(user=user, confirmed_at__isnull=False).first()
    return totp is not None and _accept(totp, code)


def mark_session(session: SessionBase, user: User) -> None:
    session[SESSION_KEY] = user.pk


def session_has_second_factor(session: SessionBase, user: User) -> bool:
    return bool(session.get(SESSION_KEY) == user.pk and is_enabled(user))


def rotate_keys() -> int:
    """Re-seal every authenticator secret that is not under the first key of DESK_SECRETS_KEYS
    (`desk.core.sealing`). Safe to run twice; returns how many were re-sealed."""
    return sealing.reseal_stale(StaffTotp.objects.all())

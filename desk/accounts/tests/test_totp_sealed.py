"""Authenticator secrets are sealed at rest, bound to their user, and follow key rotation."""

from __future__ import annotations

import base64

import pyotp
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from desk.accounts import two_factor
from desk.accounts.models import StaffTotp

pytestmark = pytest.mark.django_db

KEY_OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
KEY_NEW = base64.urlsafe_b64encode(b"n" * 32).decode()


def _raw_rows() -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_stafftotp")
        return list(cursor.fetchall())


def test_the_secret_is_not_stored_in_the_clear(engineer_en):
    # given a staff member who started two-factor sign-in
    staff = engineer_en.user
    totp = two_factor.begin(user=staff)
    # when the table is read as it lies on disk
    rows = _raw_rows()
    # then the base32 secret appears nowhere, yet the model gives it back and codes verify
    assert totp.secret not in repr(rows)
    blobs = [bytes(value) for value in rows[0] if isinstance(value, bytes | memoryview)]
    assert blobs
    assert all(totp.secret.encode() not in blob for blob in blobs)
    reloaded = StaffTotp.objects.get(user=staff)
    assert pyotp.TOTP(reloaded.secret).verify(pyotp.TOTP(totp.secret).now())
    assert totp.secret not in repr(reloaded)


def test_a_sealed_secret_copied_onto_another_user_does_not_open(engineer_en, engineer_ru):
    # given two staff members' authenticators
    first = two_factor.begin(user=engineer_en.user)
    second = two_factor.begin(user=engineer_ru.user)
    # when the first one's blob is copied onto the second
    StaffTotp.objects.filter(pk=second.pk).update(
        key_id=first.key_id, sealed_secret=first.sealed_secret
    )
    # then it fails loudly instead of giving the first user's secret to the second
    with pytest.raises(ImproperlyConfigured):
        _ = StaffTotp.objects.get(pk=second.pk).secret


def test_rotating_keys_reseals_authenticators_so_the_old_key_can_go(settings, engineer_en):
    # given a secret sealed under the old key, then a new key put first
    settings.DESK_SECRETS_KEYS = [KEY_OLD]
    totp = two_factor.begin(user=engineer_en.user)
    secret = totp.secret
    settings.DESK_SECRETS_KEYS = [KEY_NEW, KEY_OLD]
    # when the keys are rotated (the command, then again: nothing left) and the old key dropped
    call_command("server_access", "--rotate-keys")
    assert two_factor.rotate_keys() == 0
    settings.DESK_SECRETS_KEYS = [KEY_NEW]
    # then the secret opens with the new key alone, unchanged
    assert StaffTotp.objects.get(pk=totp.pk).secret == secret

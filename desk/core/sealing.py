"""Secrets sealed at rest: AES-256-GCM under `settings.DESK_SECRETS_KEYS`.

Each sealed value is bound to a context (the object it belongs to: a request's server access, a
staff member's authenticator), so a blob copied onto another row does not open. A blob is
`b"\\x01" + 12-byte random nonce + ciphertext`, stored with the id of the key that sealed it.

Keys: url-safe base64 of 32 random bytes each. The first seals, every one opens: to rotate, put a
new key first, run `manage.py server_access --rotate-keys` (it re-seals every kind of secret),
then drop the old one. Unset (development, tests) means one key derived from SECRET_KEY with HKDF;
production settings refuse to start without an explicit key.

Nothing here logs a secret or puts one in an exception, and error reports hide the local variables
of every function that handles plaintext or keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import QuerySet
from django.views.decorators.debug import sensitive_variables

_FORMAT = b"\x01"  # AES-256-GCM, 12-byte random nonce, AAD = the context
_NONCE_BYTES = 12


@dataclass(frozen=True)
class Key:
    id: str
    aead: AESGCM = field(repr=False)


def _key_id(raw: bytes) -> str:
    # A fingerprint that reveals nothing about the key (an HMAC under the key itself).
    return hmac.new(raw, b"supportdesk/key-id", hashlib.sha256).hexdigest()[:12]


@sensitive_variables()
def _decode_key(encoded: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(encoded.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ImproperlyConfigured("DESK_SECRETS_KEYS: a key is not url-safe base64") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured("DESK_SECRETS_KEYS: every key must decode to 32 bytes")
    return raw


@sensitive_variables()
def _derived_key(secret_key: str) -> bytes:
    if not secret_key:
        raise ImproperlyConfigured("Set DESK_SECRETS_KEYS, or at least SECRET_KEY")
    # The info string predates the other kinds of secret; changing it would orphan sealed data.
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"supportdesk/server-access")
    return hkdf.derive(secret_key.encode())


@lru_cache(maxsize=4)
@sensitive_variables()
def _build_keyring(encoded: tuple[str, ...], secret_key: str) -> tuple[Key, ...]:
    raws = [_decode_key(key) for key in encoded] or [_derived_key(secret_key)]
    return tuple(Key(_key_id(raw), AESGCM(raw)) for raw in raws)


def keyring() -> tuple[Key, ...]:
    """The keys, first the one that seals. Read on each use, so settings overrides apply."""
    return _build_keyring(tuple(settings.DESK_SECRETS_KEYS), settings.SECRET_KEY)


def current_key_id() -> str:
    return keyring()[0].id


@sensitive_variables()
def seal(plaintext: bytes, *, context: bytes) -> tuple[str, bytes]:
    """(key id, blob) of `plaintext` bound to `context`, under the first key."""
    key = keyring()[0]
    nonce = os.urandom(_NONCE_BYTES)
    return key.id, _FORMAT + nonce + key.aead.encrypt(nonce, plaintext, context)


@sensitive_variables()
def unseal(key_id: str, blob: bytes, *, context: bytes, what: str) -> bytes:
    """The plaintext. Raises ImproperlyConfigured (a server error, loudly) when the key is gone or
    the blob was tampered with or belongs to another context; `what` names the object in the
    message (never a secret)."""
    key = next((key for key in keyring() if key.id == key_id), None)
    if key is None:
        raise ImproperlyConfigured(f"DESK_SECRETS_KEYS lacks key {key_id} of {what}")
    if blob[:1] != _FORMAT:
        raise ImproperlyConfigured(f"{what}: unknown format")
    nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    try:
        return key.aead.decrypt(nonce, sealed, context)
    except InvalidTag:
        raise ImproperlyConfigured(
            f"{what} does not decrypt with key {key_id}"
        ) from None  # the cryptography error carries nothing useful, and no secret either


class Sealed(Protocol):
    """A row holding one sealed secret: `key_id` + `sealed_secret`, opened and set via `secret`."""

    pk: Any
    key_id: str
    secret: str

    def save(self, *, update_fields: list[str]) -> None: ...


@sensitive_variables()
def reseal_stale(queryset: QuerySet[Any]) -> int:
    """Re-seal every row of `queryset` (models with the `Sealed` shape) that is not under the
    first key, each under its row lock. Safe to run twice; returns how many were re-sealed."""
    count = 0
    stale = queryset.exclude(key_id=current_key_id())
    for row_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            row: Sealed = queryset.select_for_update().get(pk=row_id)
            if row.key_id == current_key_id():
                continue
            row.secret = row.secret
            row.save(update_fields=["key_id", "sealed_secret"])
            count += 1
    return count

"""Per-message return paths (VERP): `bounce+<mail id>.<hmac>@<domain>` is the envelope sender of
each outgoing mail, so a delivery report names the exact mail it is about. The HMAC (keyed by
SECRET_KEY, its own salt) makes the address unforgeable; lower-case hex survives MTAs that
lower-case local parts."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "desk.outbox.return-path"
_SIG_LENGTH = 24
_LOCAL = re.compile(r"^(?P<prefix>[a-z0-9-]+)\+(?P<mail>\d{1,18})\.(?P<sig>[0-9a-f]+)$")


def _signature(mail_id: int) -> str:
    return salted_hmac(_SALT, str(mail_id), algorithm="sha256").hexdigest()[:_SIG_LENGTH]


def return_path(mail_id: int) -> str:
    prefix = settings.DESK_MAIL_BOUNCE_PREFIX
    return f"{prefix}+{mail_id}.{_signature(mail_id)}@{settings.DESK_MAIL_DOMAIN}"


def read_return_path(address: str) -> int | None:
    """The outbox mail id of one of our return paths; None when absent, foreign or forged."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or domain != settings.DESK_MAIL_DOMAIN.lower():
        return None
    match = _LOCAL.match(local)
    if match is None or match["prefix"] != settings.DESK_MAIL_BOUNCE_PREFIX.lower():
        return None
    mail_id = int(match["mail"])
    return mail_id if constant_time_compare(match["sig"], _signature(mail_id)) else None

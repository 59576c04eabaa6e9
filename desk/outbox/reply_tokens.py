"""Reply addresses `reply+<ticket>.<user>.<sig>@<domain>`: an HMAC bound to (request, recipient).

The signature is keyed by SECRET_KEY with its own salt, so it cannot be forged from another
token, and it is lower-case hex because some MTAs lower-case local parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "desk.outbox.reply-token"
_SIG_LENGTH = 24
_LOCAL = re.compile(
    r"^(?P<prefix>[a-z0-9-]+)\+(?P<ticket>\d{1,18})\.(?P<user>\d{1,18})\.(?P<sig>[0-9a-f]+)$"
)


@dataclass(frozen=True, slots=True)
class ReplyToken:
    ticket_id: int
    user_id: int


def _signature(ticket_id: int, user_id: int) -> str:
    return salted_hmac(_SALT, f"{ticket_id}.{user_id}", algorithm="sha256").hexdigest()[
        :_SIG_LENGTH
    ]


def reply_address(*, ticket_id: int, user_id: int) -> str:
    prefix = settings.DESK_MAIL_REPLY_PREFIX
    signature = _signature(ticket_id, user_id)
    return f"{prefix}+{ticket_id}.{user_id}.{signature}@{settings.DESK_MAIL_DOMAIN}"


def read_reply_address(address: str) -> ReplyToken | None:
    """The token of one of our reply addresses, or None when absent, foreign or forged."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or domain != settings.DESK_MAIL_DOMAIN.lower():
        return None
    match = _LOCAL.match(local)
    if match is None or match["prefix"] != settings.DESK_MAIL_REPLY_PREFIX.lower():
        return None
    ticket_id, user_id = int(match["ticket"]), int(match["user"])
    if not constant_time_compare(match["sig"], _signature(ticket_id, user_id)):
        return None
    return ReplyToken(ticket_id=ticket_id, user_id=user_id)

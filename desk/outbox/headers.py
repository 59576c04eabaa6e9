"""Header values of our mail: Message-IDs on our domain, thread references, safe names, and the
signed loop header that lets inbound mail recognise a notification of ours coming back."""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

LOOP_HEADER = "X-Supportdesk-Loop"
# Every header of ours starts with this; inbound mail from outside never keeps one (mail.steps).
CONTROL_HEADER_PREFIX = "x-supportdesk-"
_OUR_ID = re.compile(r"<(?P<local>[^<>@\s]+)@(?P<domain>[^<>\s]+)>")
_LOOP_SALT = "desk.outbox.loop"
_THREAD_SALT = "desk.outbox.thread"
_THREAD_ID = re.compile(r"^(?P<ref>req-\d{1,18})\.(?P<sig>[0-9a-f]{20})$")


def new_message_id() -> str:
    return f"<mail.{secrets.token_hex(16)}@{settings.DESK_MAIL_DOMAIN}>"


def _thread_signature(thread_ref: str) -> str:
    return salted_hmac(_THREAD_SALT, thread_ref, algorithm="sha256").hexdigest()[:20]


def thread_message_id(thread_ref: str) -> str:
    """The root Message-ID every mail of a thread refers to, `<req-42.<hmac>@domain>`: stable for
    the request, and unguessable without SECRET_KEY (a number alone threads nothing)."""
    return f"<{thread_ref}.{_thread_signature(thread_ref)}@{settings.DESK_MAIL_DOMAIN}>"


def read_thread_local(local: str) -> str | None:
    """The thread ref (`req-42`) of the local part of one of our thread root ids, if genuine."""
    found = _THREAD_ID.match(local.lower())
    if found is None or not constant_time_compare(found["sig"], _thread_signature(found["ref"])):
        return None
    return found["ref"]


def loop_value(message_id: str) -> str:
    """`<domain>; sig=<HMAC of the Message-ID>`: only mail we sent carries a valid one."""
    signature = salted_hmac(_LOOP_SALT, message_id, algorithm="sha256").hexdigest()[:32]
    return f"{settings.DESK_MAIL_DOMAIN}; sig={signature}"


def is_loop_value_ours(value: str, message_id: str) -> bool:
    return bool(message_id) and constant_time_compare(value.strip(), loop_value(message_id))


def our_ids(header_value: str) -> list[str]:
    """Local parts of the Message-IDs in a References/In-Reply-To value that are on our domain."""
    domain = settings.DESK_MAIL_DOMAIN.lower()
    return [m["local"] for m in _OUR_ID.finditer(header_value) if m["domain"].lower() == domain]


def one_line(text: str, *, limit: int = 200) -> str:
    """Printable text on one line: no CR/LF or other control or format character survives, so a
    name or subject can never start a new header."""
    visible = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text
    )
    return " ".join(visible.split())[:limit]

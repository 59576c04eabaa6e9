"""Header values of our mail: Message-IDs on our domain, thread references, safe names."""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.conf import settings

LOOP_HEADER = "X-Supportdesk-Loop"
_OUR_ID = re.compile(r"<(?P<local>[^<>@\s]+)@(?P<domain>[^<>\s]+)>")


def new_message_id() -> str:
    return f"<mail.{secrets.token_hex(12)}@{settings.DESK_MAIL_DOMAIN}>"


def thread_message_id(thread_ref: str) -> str:
    """The root Message-ID every mail of a thread refers to, e.g. `<req-42@domain>`."""
    return f"<{thread_ref}@{settings.DESK_MAIL_DOMAIN}>"


def loop_value() -> str:
    return settings.DESK_MAIL_DOMAIN


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

"""Strip customer data from a reply before it becomes a public article draft. Pure: no Django.

Removes what is sensible to catch by machine: the names, addresses and store hosts the caller
knows belong to the request, and any email address, web address, IP address or phone number.
The engineer still reads the draft before publishing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
PHONE = re.compile(r"(?<![\w/.-])\+?\d[\d ()-]{7,}\d(?![\w/-])")
PLACEHOLDERS = {
    "email": "[email]",
    "url": "[link]",
    "ip": "[IP address]",
    "phone": "[phone]",
    "name": "[customer]",
}


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """`text` with every `known` term (names, store hosts, case-insensitive) and any email, URL,
    IP address and phone number replaced by a placeholder."""
    result = EMAIL.sub(PLACEHOLDERS["email"], text)
    result = URL.sub(PLACEHOLDERS["url"], result)
    result = IPV4.sub(PLACEHOLDERS["ip"], result)
    result = PHONE.sub(PLACEHOLDERS["phone"], result)
    # Longest first, so "Anna Becker" goes before "Anna".
    for term in sorted({t.strip() for t in known if len(t.strip()) >= 3}, key=len, reverse=True):
        result = re.sub(
            rf"(?<!\w){re.escape(term)}(?!\w)", PLACEHOLDERS["name"], result, flags=re.I
        )
    return result

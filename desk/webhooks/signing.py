"""The signature of a delivery, like Stripe's: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
`f"{t}.{body}"` with the endpoint's secret. Receivers recompute it, compare in constant time,
and refuse a `t` too far from their clock (a replayed delivery)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Final

SIGNATURE_HEADER: Final = "Supportdesk-Signature"
EVENT_ID_HEADER: Final = "Supportdesk-Event-Id"
EVENT_TYPE_HEADER: Final = "Supportdesk-Event-Type"
SECRET_PREFIX: Final = "whsec_"  # noqa: S105 — the marker of signing secrets, no secret


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: True when a `v1` signature of `header` matches and `t` is recent."""
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in parts if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, value) for key, value in parts if key == "v1")

"""Body size limits, enforced before any view, form, CSRF check or signature check reads a byte.

A body is refused with 413 when its Content-Length is over the limit of its endpoint, and, when
the declared length cannot be trusted (no length, or a stream that runs on), as soon as reading
passes the limit. The limits are configuration:

- `/webhooks/inbound-mail/`: DESK_MAIL_INBOUND_MAX_BYTES (a whole raw message);
- other `/webhooks/`: DESK_WEBHOOK_MAX_BYTES (payment events are small JSON);
- `multipart/form-data` anywhere: DESK_UPLOAD_MAX_BYTES (the attachments of one message);
- everything else: DATA_UPLOAD_MAX_MEMORY_SIZE plus a little room for the form's own fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

_FORM_SLACK = 64 * 1024
CODE = "request_too_large"


def body_limit(request: HttpRequest) -> int:
    """The most bytes the endpoint of `request` reads."""
    path = request.path_info
    if path.startswith("/webhooks/inbound-mail/"):
        return int(settings.DESK_MAIL_INBOUND_MAX_BYTES)
    if path.startswith("/webhooks/"):
        return int(settings.DESK_WEBHOOK_MAX_BYTES)
    if request.content_type == "multipart/form-data":
        return int(settings.DESK_UPLOAD_MAX_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + _FORM_SLACK


def declared_length(request: HttpRequest) -> int | None:
    """Content-Length as a number; None when absent; -1 when it is no valid length."""
    raw = request.META.get("CONTENT_LENGTH")
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw))
    except ValueError:
        return -1
    return value if value >= 0 else -1


class CappedStream:
    """A file-like wrapper that raises RequestDataTooBig once more than `limit` bytes are read."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.consumed = 0
        self.overflowed = False

    def _count(self, data: bytes) -> bytes:
        self.consumed += len(data)
        if self.consumed > self._limit:
            self.overflowed = True
            raise RequestDataTooBig(f"request body over {self._limit} bytes")
        return data

    def read(self, size: int = -1) -> bytes:
        # Never ask the socket for more than one byte past the limit.
        room = self._limit - self.consumed + 1
        wanted = room if size is None or size < 0 else min(size, room)
        return self._count(self._stream.read(wanted))

    def readline(self, size: int = -1) -> bytes:
        room = self._limit - self.consumed + 1
        wanted = room if size is None or size < 0 else min(size, room)
        return self._count(self._stream.readline(wanted))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request is too large: at most %(limit)s bytes are accepted here.") % {
        "limit": limit
    }
    path = request.path_info
    if path.startswith(("/api/", "/webhooks/")):
        body = json.dumps({"code": CODE, "message": message})
        response = HttpResponse(body, status=413, content_type="application/json")
    else:
        response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    # The client may still be sending: ask it (and any proxy) not to reuse this connection.
    response["Connection"] = "close"
    return response


class BodySizeLimitMiddleware:
    """First in the chain: nothing before it reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        length = declared_length(request)
        if length == -1 or (length is not None and length > limit):
            return too_large_response(request, limit)
        stream = getattr(request, "_stream", None)
        capped = CappedStream(stream, limit) if stream is not None else None
        if capped is not None:
            request._stream = capped  # type: ignore[assignment]
        response = self.get_response(request)
        # Whoever hit the cap (a form parser, CSRF, a view) answered with Django's generic 400
        # for RequestDataTooBig, or with its own 413: the client gets one stable answer.
        if capped is not None and capped.overflowed:
            return too_large_response(request, limit)
        return response

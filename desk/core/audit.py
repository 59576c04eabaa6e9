"""Every refused access is logged (issue 14): who (user id or "anonymous"), what (method and
path, with token segments of the URL masked, never the query string or the body), where (the
client address), and the answer (401, 403, 404, 405, 429). Logger `desk.security`, WARNING."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

logger = logging.getLogger("desk.security")
REFUSED = frozenset({401, 403, 404, 405, 429})
_SECRET_KWARGS = frozenset({"token", "uidb64"})


def _masked_path(request: HttpRequest) -> str:
    path = request.path_info
    try:
        match = resolve(path)
    except Resolver404:
        return path[:300]
    for name, value in match.kwargs.items():
        if name in _SECRET_KWARGS and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path[:300]


class RefusedAccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED:
            user = getattr(request, "user", None)
            who = f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"
            logger.warning(
                "refused %s %s %s by %s from %s",
                response.status_code,
                request.method,
                _masked_path(request),
                who,
                request.META.get("REMOTE_ADDR", "?"),
            )
        return response

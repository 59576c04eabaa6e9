"""Response headers that Django's SecurityMiddleware does not set: Content-Security-Policy and
Permissions-Policy.

The policy allows scripts and styles from our own origin only — no inline script, no `eval`, no
inline style — so an injected `<script>` or `on*=` attribute does nothing even if it slips past
escaping. Pages keep their JavaScript in static files (`static/js/`), and htmx runs with
`allowEval` and injected indicator styles switched off (`templates/base.html`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def render_policy(directives: Mapping[str, Sequence[str]]) -> str:
    """`{"default-src": ["'self'"], "upgrade-insecure-requests": []}` →
    `default-src 'self'; upgrade-insecure-requests`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Adds the site's Content-Security-Policy and Permissions-Policy to every answer that does
    not set its own (a view may narrow or widen its page's policy deliberately)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.content_security_policy = render_policy(settings.DESK_CONTENT_SECURITY_POLICY)
        self.permissions_policy = settings.DESK_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.content_security_policy)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response

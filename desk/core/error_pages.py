"""A branded page for 405 (a browser opened the address of a form's action).

Django answers a method a view refuses with an empty `HttpResponseNotAllowed`, which a browser
shows as a bare "HTTP ERROR 405". For pages (not the API, not webhooks) the answer keeps its
status and `Allow` header and gains `405.html`, in the viewer's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

MACHINE_PREFIXES = ("/api/", "/webhooks/")


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(MACHINE_PREFIXES)
        ):
            response.content = render_to_string("405.html", request=request).encode()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

"""URLs of the API, with JSON answers where ninja or Django would answer in HTML or plain text:
a method the path does not take (405) and a path that does not exist (404)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt

from desk.api.api import HTTP_ERROR_CODES, api, error_body

View = Callable[..., HttpResponseBase]


def _json_error(status: int) -> HttpResponse:
    code, message = HTTP_ERROR_CODES[status]
    return HttpResponse(
        json.dumps(error_body(code, message)), status=status, content_type="application/json"
    )


def _json_errors(view: View) -> View:
    """Ninja answers a wrong method in plain text, and its root path (`/api/`) raises Http404
    outside its exception handlers."""

    @wraps(view)  # keeps the view's csrf_exempt: ninja checks CSRF itself, per auth
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _json_error(404)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = _json_error(405)
            response["Allow"] = allowed
        return response

    return wrapper


def _with_json_errors(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_errors(pattern.callback)
    return patterns


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return _json_error(404)


# Not `app_name = ...` here: a module-level `app_name` would namespace this whole URLconf.
_patterns, _app, _namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("", (_with_json_errors(_patterns), _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]

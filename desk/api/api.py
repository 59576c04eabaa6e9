"""The REST API (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication is the Django session (with CSRF for unsafe methods), so the portal's own pages and
scripts use it as they are. Every refused action answers `{"code": ..., "message": ...}` with a
stable code; clients branch on the code.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from desk.api.routers import catalog
from desk.core.errors import DeskError

api = NinjaAPI(
    title="Supportdesk API",
    version="1",
    description="Buy support, open requests, answer them. Errors carry a stable `code`.",
    urls_namespace="api",
    auth=django_auth,
)


@api.exception_handler(DeskError)
def desk_error(request: HttpRequest, exc: DeskError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = {"code": "invalid_input", "message": _("The request is not valid."), "errors": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "not_authenticated", "message": _("Sign in first.")}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return api.create_response(request, {"code": code, "message": str(exc)}, status=exc.status_code)


api.add_router("/catalog", catalog.router)

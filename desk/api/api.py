"""The REST API (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication is a Bearer API token (`desk.api.auth`: no CSRF, rate-limited per token) or the
Django session (with CSRF for unsafe methods), so the portal's own pages and scripts use it as they
are. Every refused action answers `{"code": ..., "message": ...}` with a
stable code and a message in the request's language; clients branch on the code. No input gives a
500: unreadable bodies, unknown paths and methods get a code too (see also `urls.py`).
"""

from __future__ import annotations

from typing import Final

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from desk.api.auth import token_auth
from desk.api.routers import (
    calls,
    catalog,
    console,
    customer,
    quotes,
    satisfaction,
    schedules,
    search,
    tickets,
)
from desk.core.errors import DeskError
from desk.tokens.errors import RateLimited

api = NinjaAPI(
    title="Supportdesk API",
    version="1",
    description=(
        "Buy support, open requests, answer them. Send an API token from the portal or the "
        "console (`Authorization: Bearer sdt_…`), or sign in with the portal's session (unsafe "
        "methods then need the `X-CSRFToken` header). Errors are `{code, message}`: branch on "
        "`code`; a 429 says in Retry-After when to try again."
    ),
    urls_namespace="api",
    auth=[token_auth, django_auth],
)

# Ninja raises HttpError itself for a few transport problems; give each a stable code.
HTTP_ERROR_CODES: Final[dict[int, tuple[str, str | Promise]]] = {
    400: ("malformed_request", _("The request body could not be read; send valid JSON.")),
    403: ("csrf_failed", _("CSRF check failed: send the X-CSRFToken header with the cookie.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
}


def error_body(code: str, message: str | Promise) -> dict[str, str]:
    return {"code": code, "message": str(message)}


@api.exception_handler(DeskError)
def desk_error(request: HttpRequest, exc: DeskError) -> HttpResponse:
    body: dict[str, str] = exc.as_dict()
    if isinstance(exc.params.get("field"), str):
        body["field"] = exc.params["field"]
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = {**error_body("invalid_input", _("The request is not valid.")), "errors": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("not_authenticated", _("Sign in first."))
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = HTTP_ERROR_CODES.get(exc.status_code, ("http_error", str(exc)))
    return api.create_response(request, error_body(code, message), status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    body = error_body("request_too_large", _("The request is too large."))
    return api.create_response(request, body, status=413)


@api.exception_handler(MultiPartParserError)
def unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    body = error_body("malformed_request", _("The request body could not be read."))
    return api.create_response(request, body, status=400)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    body = error_body("bad_request", _("The request could not be processed."))
    return api.create_response(request, body, status=400)


api.add_router("/catalog", catalog.router)
api.add_router("", customer.router)
# Before the tickets router, so "/tickets/search" is not read as a ticket id.
api.add_router("/tickets", search.customer_router)
api.add_router("/tickets", tickets.router)
api.add_router("/console", console.router)
api.add_router("/console", search.console_router)
api.add_router("", quotes.router)
api.add_router("/console", quotes.console_router)
api.add_router("/console", schedules.router)
# Live calls (issue 9): the customer's endpoints and the console's.
api.add_router("", calls.router)
api.add_router("/console", calls.console_router)
# Satisfaction surveys (issue 13): the customer's own ratings.
api.add_router("", satisfaction.router)

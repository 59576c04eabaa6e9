"""What a person sees while the database is unreachable (a restart, a failover, a full disk).

Django's default is a bare 500 and a traceback in the log for every request. A lost database is
an outage, not a bug in the page: answer 503 with Retry-After and a page (or the API's
`{code, message}`) that says so in the viewer's language, and never touch the database while
doing it (no session, no user, no base template). `handler500` in config/urls.py; every other
server error still goes to Django's `server_error`, which renders a `500.html` when one exists.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    """A lost or refused connection, not a bad query (those are bugs and stay 500s)."""
    seen = 0
    while error is not None and seen < 5:  # Django wraps the driver's error; look inside
        if isinstance(error, OUTAGE_ERRORS):
            return True
        if isinstance(error, DatabaseError):
            return False
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if not is_outage(error):
        return django_server_error(request)
    logger.warning("database unavailable, answered 503: %s %s", request.method, request.path)
    message = _(
        "Supportdesk is briefly unavailable. What you just sent may not have been saved: "
        "please check in a minute before sending it again."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": "service_unavailable", "message": message}, status=503
        )
    else:
        page = render_to_string(
            "unavailable.html", {"message": message, "language": get_language() or "en"}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

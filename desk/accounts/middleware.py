"""Activate the signed-in user's language and time zone for every request; a visitor's time zone
is the browser's, which static/js/desk.js keeps in the `desk_tz` cookie (Moscow without it)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

# The cookie static/js/desk.js sets from the browser's time zone (visitors only).
VISITOR_ZONE_COOKIE = "desk_tz"


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = "Europe/Moscow"
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            zone = user.time_zone
        elif _is_zone(request.COOKIES.get(VISITOR_ZONE_COOKIE, "")):
            zone = request.COOKIES[VISITOR_ZONE_COOKIE]
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        response = self.get_response(request)
        timezone.deactivate()
        return response


def _is_zone(name: str) -> bool:
    if not name or len(name) > 64:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True

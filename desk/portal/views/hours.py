"""Support and call hours on the public pages, from the SLA calendars (desk.sla.timetable): in the
calendar's zone (Moscow) and in the viewer's own zone — the profile zone of a signed-in customer;
for a visitor the browser's zone, which static/js/desk.js sends to `local_hours` (and keeps in a
cookie the middleware reads, so the next page is rendered in it on the server)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from desk.accounts.services import check_time_zone
from desk.core import clock
from desk.core.errors import DeskError
from desk.sla import timetable
from desk.sla.timetable import Timetable

PARTS = ("support", "calls")


def _tables() -> dict[str, Timetable | None]:
    now = clock.now()
    return {
        "support": timetable.timetable(timetable.SUPPORT_CALENDAR, now=now),
        "calls": timetable.timetable(timetable.CALL_CALENDAR, now=now),
    }


def _local(
    tables: dict[str, Timetable | None], zone: tzinfo, parts: tuple[str, ...]
) -> dict[str, Any]:
    """The viewer-zone rows of `parts`, or `viewer_time_zone` None when they read the same as
    the calendar's own."""
    week_of = timezone.localdate(clock.now(), zone)
    context: dict[str, Any] = {"viewer_time_zone": None, "viewer_parts": parts}
    differs = False
    for part in parts:
        table = tables[part]
        if table is None:
            continue
        local = timetable.hours_in_zone(table.weekly, table.zone, zone, week_of=week_of)
        differs = differs or local != table.weekly or str(zone) != table.time_zone
        context[f"viewer_{part}_hours"] = timetable.describe(local)
        context[f"viewer_{part}_special"] = timetable.describe_special_days(
            table.special_days, table.zone, zone
        )
    if differs:
        context["viewer_time_zone"] = str(zone)
    return context


def hours_context(parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """What a page showing hours needs: the calendars' rows and special days in their own zone,
    and the same in the active (viewer's) zone."""
    tables = _tables()
    support = tables["support"]
    context: dict[str, Any] = {
        "support_time_zone": support.time_zone if support else "Europe/Moscow",
        "hours_parts": parts,
        "rendered_zone": timezone.get_current_timezone_name(),
    }
    for part in parts:
        table = tables[part]
        context[f"{part}_hours"] = timetable.describe(table.weekly) if table else []
        context[f"{part}_special"] = (
            timetable.describe_special_days(table.special_days, table.zone) if table else []
        )
    return {**context, **_local(tables, timezone.get_current_timezone(), parts)}


@require_safe
def local_hours(request: HttpRequest) -> HttpResponse:
    """The viewer-zone fragment for `?tz=<IANA zone>&part=support|calls` (both by default);
    an unknown zone is refused with 400 and code `invalid_time_zone`."""
    try:
        zone = ZoneInfo(check_time_zone(request.GET.get("tz", "")[:64]))
    except DeskError as error:
        return render(request, "portal/public/_refused.html", {"error": error}, status=400)
    wanted = tuple(part for part in PARTS if part == request.GET.get("part")) or PARTS
    context = _local(_tables(), zone, wanted)
    return render(request, "portal/public/_local_hours.html", context)

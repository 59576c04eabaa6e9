"""Console: the engineer's own shifts (set by staff in the admin) and their days off and leave,
which they add and remove themselves. Each POST calls one service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer
from desk.console.forms import TimeOffForm
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.core.errors import DeskError, NotFound
from desk.schedules import selectors, services
from desk.schedules.access import access_own_time_off
from desk.schedules.checks import format_day
from desk.sla.calendar import WEEKDAYS as DAY_CODES

# Time off that ended this long ago is still listed (then it drops off the page).
_RECENT = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class DayShifts:
    day: str
    shifts: str


def _context(engineer: Engineer, form: TimeOffForm) -> dict[str, object]:
    now = clock.now()
    schedule = selectors.schedule_of(engineer)
    follows = schedule is None or schedule.follows_support_hours
    weekly = None if follows or schedule is None else schedule.weekly
    return {
        "engineer": engineer,
        "follows_support_hours": follows,
        "schedule_zone": schedule.time_zone if schedule is not None and not follows else "",
        "days": [
            DayShifts(str(WEEKDAYS[index]), format_day(weekly, day).replace("-", "–"))
            for index, day in enumerate(DAY_CODES)
        ],
        "on_shift": selectors.is_on_shift(engineer, now),
        "shift_end": selectors.current_shift_end(engineer, now),
        "next_shift": selectors.next_shift_start(engineer, now),
        "time_off": list(selectors.time_off_of(engineer, since=timezone.localdate(now) - _RECENT)),
        "today": timezone.localdate(now),
        "form": form,
    }


@engineer_required
@require_GET
def my_schedule(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return render(request, "console/schedule.html", _context(engineer, TimeOffForm()))


@engineer_required
@require_POST
def time_off_add(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    form = TimeOffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_time_off(
                engineer=engineer,
                kind=data["kind"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                note=data["note"],
                actor=engineer.user,
            )
        except DeskError as error:
            field = error.params.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Time off saved."))
            return redirect("console:schedule")
    response = render(request, "console/schedule.html", _context(engineer, form))
    response.status_code = 400
    return response


@engineer_required
@require_POST
def time_off_remove(request: HttpRequest, engineer: Engineer, time_off_id: int) -> HttpResponse:
    try:
        time_off = access_own_time_off(engineer.user, time_off_id)
    except NotFound as exc:
        raise Http404 from exc
    services.remove_time_off(time_off=time_off)
    messages.success(request, _("Time off removed."))
    return redirect("console:schedule")

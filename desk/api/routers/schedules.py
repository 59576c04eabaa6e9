"""The engineer's own shifts (set by staff in the admin) and their days off and leave.

Engineers only: anyone else gets 404 `not_found`. Refusals name their input in `field`.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from desk.api.callers import signed_in_engineer
from desk.api.pagination import DeskPagination
from desk.api.schemas import error_responses, write_responses
from desk.api.schemas.schedules import MyShiftsOut, TimeOffIn, TimeOffOut
from desk.core import clock
from desk.schedules import selectors, services
from desk.schedules.access import access_own_time_off
from desk.schedules.models import TimeOff
from desk.sla import services as sla

router = Router(tags=["console"])


@router.get("/shifts", response={200: MyShiftsOut, **error_responses(404)})
def my_shifts(request: HttpRequest) -> MyShiftsOut:
    """Your weekly shifts, whether you are on shift now, and your next shift."""
    engineer = signed_in_engineer(request)
    now = clock.now()
    schedule = selectors.schedule_of(engineer)
    follows = schedule is None or schedule.weekly is None
    if schedule is None or schedule.weekly is None:
        support = sla.calendar_by_code(sla.SUPPORT_CALENDAR)
        zone, weekly = (support.time_zone if support is not None else "UTC"), {}
    else:
        zone, weekly = schedule.time_zone, schedule.weekly
    return MyShiftsOut(
        follows_support_hours=follows,
        time_zone=zone,
        weekly=weekly,
        on_shift=selectors.is_on_shift(engineer, now),
        shift_ends_at=selectors.current_shift_end(engineer, now),
        next_shift_at=selectors.next_shift_start(engineer, now),
    )


@router.get("/time-off", response={200: list[TimeOffOut], **error_responses(404)})
@paginate(DeskPagination)
def list_time_off(request: HttpRequest) -> QuerySet[TimeOff]:
    """Your days off and leave, earliest first."""
    return TimeOff.objects.filter(engineer=signed_in_engineer(request)).order_by("first_day", "id")


@router.post("/time-off", response={201: TimeOffOut, **write_responses(400, 404)})
def add_time_off(request: HttpRequest, payload: TimeOffIn) -> Status[TimeOff]:
    """Days off or leave. Codes (with `field`): `invalid_time_off_kind`,
    `time_off_ends_before_start`, `time_off_too_long`, `time_off_overlaps`, `invalid_note`."""
    engineer = signed_in_engineer(request)
    time_off = services.add_time_off(
        engineer=engineer,
        kind=payload.kind,
        first_day=payload.first_day,
        last_day=payload.last_day,
        note=payload.note,
        actor=engineer.user,
    )
    return Status(201, time_off)


@router.post("/time-off/{time_off_id}/remove", response={204: None, **write_responses(404)})
def remove_time_off(request: HttpRequest, time_off_id: int) -> Status[None]:
    """Remove your own time off. Code: `time_off_not_found`."""
    engineer = signed_in_engineer(request)
    services.remove_time_off(time_off=access_own_time_off(engineer.user, time_off_id))
    return Status(204, None)

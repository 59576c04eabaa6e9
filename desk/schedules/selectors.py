"""Who is on shift: engineers' calendars built from their schedules and time off (through the
pure `desk.sla.shifts`), and the questions routing, the estimate and live calls ask of them.

A built calendar is cached in the process under (engineer, schedule revision, support-calendar
revision): every answer costs one query for the revisions, plus the rows of what changed.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from desk.accounts.models import Engineer, Language
from desk.core import clock, request_cache
from desk.schedules.models import Schedule, TimeOff
from desk.sla import services as sla
from desk.sla import shifts
from desk.sla.calendar import BusinessCalendar
from desk.sla.models import Calendar

# Time off further back than this cannot matter to any question asked of a shift.
_TIME_OFF_HISTORY = timedelta(days=400)

_Key = tuple[uuid.UUID | None, uuid.UUID | None]
_cache: dict[int, tuple[_Key, BusinessCalendar]] = {}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class OnShift:
    engineer: Engineer
    on_shift: timedelta  # time on shift inside the window asked about


def active_engineers(
    *, department_id: int | None = None, language: str | None = None
) -> QuerySet[Engineer]:
    """Active engineers (with an active account), of a department and speaking a language."""
    found = Engineer.objects.filter(is_active=True, user__is_active=True)
    if department_id is not None:
        found = found.filter(departments=department_id)
    if language == Language.EN:
        found = found.filter(speaks_en=True)
    elif language == Language.RU:
        found = found.filter(speaks_ru=True)
    return found.select_related("user").order_by("pk")


def department_engineers(department_id: int) -> list[Engineer]:
    """`active_engineers` of the department (every language), with their users. Read once per
    HTTP request (desk.core.request_cache): opening a request reads them for routing and again
    for the answer's expected reply time. Forgotten on any save or delete of an engineer or a
    user and on any change of an engineer's departments (`forget_engineers`)."""
    return request_cache.memo(
        ("engineers", department_id),
        lambda: list(active_engineers(department_id=department_id)),
    )


def forget_engineers(**_signal: object) -> None:
    """What this request remembered of engineers is read again: one changed."""
    request_cache.forget("engineers")


@dataclass(frozen=True, slots=True)
class _Pattern:
    time_zone: str
    weekly: Any  # JSON shifts per weekday; None: the support hours
    revision: uuid.UUID


def shift_calendars(engineer_ids: Iterable[int]) -> dict[int, BusinessCalendar]:
    """The calendar of each engineer's shifts, days off and leave taken out: two queries when
    nothing changed since the last call in this process, a few more otherwise."""
    ids = sorted(set(engineer_ids))
    if not ids:
        return {}
    # Once per HTTP request (desk.core.request_cache): opening a request reads them for routing
    # and again for the expected reply time. Outside a request this is a fresh dict each call.
    remembered: dict[int, BusinessCalendar] = request_cache.memo(
        ("schedules", "shift calendars"), dict
    )
    if all(engineer_id in remembered for engineer_id in ids):
        return {engineer_id: remembered[engineer_id] for engineer_id in ids}
    patterns = {
        engineer_id: _Pattern(time_zone, weekly, revision)
        for engineer_id, time_zone, weekly, revision in Schedule.objects.filter(
            engineer_id__in=ids
        ).values_list("engineer_id", "time_zone", "weekly", "revision")
    }
    support = Calendar.objects.filter(code=sla.SUPPORT_CALENDAR).first()

    def key(engineer_id: int) -> _Key:
        pattern = patterns.get(engineer_id)
        follows = pattern is None or pattern.weekly is None
        return (
            pattern.revision if pattern is not None else None,
            support.revision if follows and support is not None else None,
        )

    found: dict[int, BusinessCalendar] = {}
    for engineer_id in ids:
        cached = _cache.get(engineer_id)
        if cached is not None and cached[0] == key(engineer_id):
            found[engineer_id] = cached[1]
    missing = [engineer_id for engineer_id in ids if engineer_id not in found]
    if missing:
        built = _build(missing, patterns, support)
        with _lock:
            for engineer_id, calendar in built.items():
                _cache[engineer_id] = (key(engineer_id), calendar)
        found.update(built)
    remembered.update(found)
    return found


def forget_cached(**_signal: object) -> None:
    """What this request remembered of shift calendars is read again: a schedule changed."""
    request_cache.forget("schedules")


def _build(
    ids: list[int], patterns: dict[int, _Pattern], support: Calendar | None
) -> dict[int, BusinessCalendar]:
    since = clock.now().date() - _TIME_OFF_HISTORY
    ranges: dict[int, list[tuple[date, date]]] = {i: [] for i in ids}
    for engineer_id, first, last in TimeOff.objects.filter(
        engineer_id__in=ids, last_day__gte=since
    ).values_list("engineer_id", "first_day", "last_day"):
        ranges[engineer_id].append((first, last))
    hours = sla.business_calendar(support) if support is not None else None
    built = {}
    for engineer_id in ids:
        days_off = shifts.days_in(ranges[engineer_id])
        pattern = patterns.get(engineer_id)
        if pattern is not None and pattern.weekly is not None:
            built[engineer_id] = shifts.shift_calendar(pattern.time_zone, pattern.weekly, days_off)
        elif hours is not None:
            built[engineer_id] = hours.without(days_off)
        else:  # no support calendar configured: nobody is ever on shift
            built[engineer_id] = shifts.shift_calendar("UTC", {}, days_off)
    return built


def is_on_shift(engineer: Engineer, at: datetime) -> bool:
    """Engineer X on shift at T."""
    return shift_calendars([engineer.pk])[engineer.pk].is_working(at)


def engineers_on_shift(
    *, at: datetime, department_id: int | None = None, language: str | None = None
) -> list[Engineer]:
    """The active engineers (of a department, speaking a language) on shift at `at`."""
    engineers = list(active_engineers(department_id=department_id, language=language))
    calendars = shift_calendars(engineer.pk for engineer in engineers)
    return [engineer for engineer in engineers if calendars[engineer.pk].is_working(at)]


def engineers_on_shift_during(
    *,
    start: datetime,
    end: datetime,
    department_id: int | None = None,
    language: str | None = None,
) -> list[OnShift]:
    """The active engineers (of a department, speaking a language) with time on shift in
    `[start, end)`, most time first."""
    engineers = list(active_engineers(department_id=department_id, language=language))
    calendars = shift_calendars(engineer.pk for engineer in engineers)
    worked = shifts.on_shift_during(calendars, start, end)
    found = [OnShift(e, worked[e.pk]) for e in engineers if e.pk in worked]
    return sorted(found, key=lambda row: (-row.on_shift, row.engineer.pk))


def next_shift_start(engineer: Engineer, after: datetime) -> datetime | None:
    """`after` if the engineer is on shift then, else when their next shift starts (None when
    no shift is ever coming: no pattern, or on leave for the rest of the calendar's range)."""
    calendar = shift_calendars([engineer.pk])[engineer.pk]
    try:
        return calendar.next_working_moment(after)
    except ValueError:
        return None


def current_shift_end(engineer: Engineer, at: datetime) -> datetime | None:
    """When the shift the engineer is on at `at` ends; None when off shift then."""
    return shifts.shift_end(shift_calendars([engineer.pk])[engineer.pk], at)


def time_off_of(engineer: Engineer, *, since: date) -> QuerySet[TimeOff]:
    """The engineer's time off that ends on or after `since`, earliest first."""
    return TimeOff.objects.filter(engineer=engineer, last_day__gte=since).order_by("first_day")


def schedule_of(engineer: Engineer) -> Schedule | None:
    return Schedule.objects.filter(engineer=engineer).first()


def speakers(language: str) -> Q:
    """Engineers who speak `language`, as a filter on Engineer."""
    return Q(speaks_ru=True) if language == Language.RU else Q(speaks_en=True)

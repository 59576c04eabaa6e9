"""Reads of live calls: minutes left on a request, engineers free for a slot, free slots, lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from desk.accounts.models import Engineer
from desk.calls import rules, slots
from desk.calls.models import BOOKED_STATUSES, Call, CallStatus
from desk.schedules import selectors as schedules
from desk.sla import services as sla
from desk.sla.calendar import BusinessCalendar
from desk.sla.models import Calendar, CalendarHoliday
from desk.tickets.models import Ticket


@dataclass(frozen=True, slots=True)
class CallHours:
    calendar: BusinessCalendar
    holidays: frozenset[date]


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    engineer_ids: tuple[int, ...]


def call_hours() -> CallHours:
    """The call-hours calendar and its holidays; a calendar with no hours when none is set up."""
    row = Calendar.objects.filter(code=sla.CALL_CALENDAR).first()
    if row is None:
        return CallHours(BusinessCalendar("Europe/Moscow", {}), frozenset())
    holidays = CalendarHoliday.objects.filter(calendar=row).values_list("date", flat=True)
    return CallHours(sla.business_calendar(row), frozenset(holidays))


def minutes_used(ticket_id: int, *, exclude_call_id: int | None = None) -> int:
    """Minutes of the request's calls that count against the cap: offered and confirmed slots
    at their length, held calls at the minutes recorded."""
    calls = Call.objects.filter(ticket_id=ticket_id, status__in=[*BOOKED_STATUSES, CallStatus.HELD])
    if exclude_call_id is not None:
        calls = calls.exclude(pk=exclude_call_id)
    return counted_minutes(calls.only("status", "duration_minutes", "minutes_used"))


def counted_minutes(calls: Iterable[Call]) -> int:
    """What `calls` (of one request) take from its cap (`Call.counted_minutes`)."""
    return sum(call.counted_minutes for call in calls)


def minutes_left(ticket_id: int, *, exclude_call_id: int | None = None) -> int:
    return max(0, rules.CAP_MINUTES - minutes_used(ticket_id, exclude_call_id=exclude_call_id))


def call_engineers(ticket: Ticket) -> list[Engineer]:
    """Active engineers of the request's department who speak its language."""
    return list(
        schedules.active_engineers(department_id=ticket.department_id, language=ticket.language)
    )


def busy_spans(
    engineer_ids: Iterable[int],
    start: datetime,
    end: datetime,
    *,
    exclude_call_id: int | None = None,
) -> dict[int, list[slots.Span]]:
    """Offered and confirmed calls of the engineers overlapping `[start, end)`."""
    found: dict[int, list[slots.Span]] = defaultdict(list)
    calls = Call.objects.filter(
        engineer_id__in=list(engineer_ids),
        status__in=BOOKED_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_call_id is not None:
        calls = calls.exclude(pk=exclude_call_id)
    for engineer_id, starts_at, ends_at in calls.values_list("engineer_id", "starts_at", "ends_at"):
        if engineer_id is not None and starts_at is not None and ends_at is not None:
            found[engineer_id].append((starts_at, ends_at))
    return found


def free_engineer_ids(
    ticket: Ticket, start: datetime, length: timedelta, *, exclude_call_id: int | None = None
) -> list[int]:
    """Engineers who may take a call on the request at `start` for `length`: speaking its
    language, on shift throughout, with no other call then."""
    ids = [engineer.pk for engineer in call_engineers(ticket)]
    shifts = schedules.shift_calendars(ids)
    busy = busy_spans(ids, start, start + length, exclude_call_id=exclude_call_id)
    return slots.free_engineers(shifts, busy, start, length)


def free_slots(ticket: Ticket, *, length: timedelta, now: datetime) -> list[Slot]:
    """Slots of `length` in the next `SLOT_HORIZON` inside call hours, outside holidays, with an
    engineer free (see `free_engineer_ids`). Empty when the length exceeds the minutes left."""
    if length > timedelta(minutes=minutes_left(ticket.pk)):
        return []
    hours = call_hours()
    until = now + rules.SLOT_HORIZON
    candidates = slots.candidate_starts(hours.calendar, now, until, length, rules.SLOT_STEP)
    horizon = rules.SLOT_HORIZON
    starts = [
        start
        for start in candidates
        if slots.slot_problem(hours.calendar, hours.holidays, start, length, now, horizon) is None
    ]
    ids = [engineer.pk for engineer in call_engineers(ticket)]
    shifts = schedules.shift_calendars(ids)
    busy = busy_spans(ids, now, until + length)
    found = []
    for start in starts:
        free = slots.free_engineers(shifts, busy, start, length)
        if free:
            found.append(Slot(start, start + length, tuple(free)))
    return found


def calls_of_ticket(ticket: Ticket) -> QuerySet[Call]:
    return (
        Call.objects.filter(ticket=ticket)
        .select_related("engineer__user")
        .order_by("created_at", "id")
    )


def calls_between(
    start: datetime, end: datetime, *, engineer: Engineer | None = None
) -> QuerySet[Call]:
    """Calls with a slot in `[start, end)` (offered, confirmed, held, missed), earliest first;
    of one engineer when given."""
    calls = Call.objects.filter(starts_at__lt=end, ends_at__gt=start).exclude(
        status__in=[CallStatus.CANCELLED, CallStatus.DECLINED, CallStatus.REQUESTED]
    )
    if engineer is not None:
        calls = calls.filter(engineer=engineer)
    return calls.select_related("ticket__customer", "engineer__user").order_by("starts_at", "id")


def calls_awaiting_answer() -> QuerySet[Call]:
    """Requested calls, oldest first: what engineers have to confirm, propose or decline."""
    return (
        Call.objects.filter(status=CallStatus.REQUESTED)
        .select_related("ticket__customer")
        .order_by("created_at", "id")
    )

"""Reply targets from the SLA configuration, as plain values, and changes of that configuration.

The SLA app sits below tickets: it works on plain values (plan id, Hotrush flag, clock start)
and returns due times; `desk.tickets.clock.reply_clock` stores them on requests. Calendars are built
once per (id, revision) and cached in the process, so no query runs inside the maths.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import QuerySet

from desk.core import clock, request_cache
from desk.core.prepared import PreparedQuery
from desk.sla import deadlines
from desk.sla.calendar import BusinessCalendar
from desk.sla.deadlines import Budget, BusinessDays
from desk.sla.models import (
    Calendar,
    CalendarHoliday,
    CalendarOverride,
    DepartmentReplyPolicy,
    SlaPolicy,
)

SUPPORT_CALENDAR = "support-hours"
CALL_CALENDAR = "call-hours"

_cache: dict[int, tuple[uuid.UUID, BusinessCalendar]] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ReplyTarget:
    """What a policy promises: `budget` of working time on `calendar`, warned `warn_lead` early."""

    policy_id: int
    policy_name: str
    calendar_id: int
    calendar: BusinessCalendar
    budget: Budget
    warn_lead: timedelta

    @property
    def label(self) -> str:
        return self.policy_name


@dataclass(frozen=True, slots=True)
class ClockAnchor:
    """A running reply clock as the SLA engine needs it: its target, and the working time that
    was `left` when it last started running, at `since`."""

    plan_id: int | None
    is_hotrush: bool
    since: datetime
    left: timedelta
    department_id: int | None = None


@dataclass(frozen=True, slots=True)
class ClockDue:
    due_at: datetime
    warn_at: datetime
    target: ReplyTarget
    budget: timedelta  # the working time from the start to the due time


# --- calendars ----------------------------------------------------------------------------


def business_calendar(row: Calendar) -> BusinessCalendar:
    """The pure calendar of `row` (two queries the first time per revision, then none)."""
    cached = _cache.get(row.pk)
    if cached is not None and cached[0] == row.revision:
        return cached[1]
    holidays = (
        CalendarHoliday.objects.filter(calendar_id=row.pk).order_by().values_list("date", flat=True)
    )
    overrides = (
        CalendarOverride.objects.filter(calendar_id=row.pk)
        .order_by()
        .values_list("date", "intervals")
    )
    built = BusinessCalendar(
        row.time_zone,
        row.weekly,
        holidays=list(holidays),
        date_overrides={day: [tuple(pair) for pair in shifts] for day, shifts in overrides},
    )
    with _cache_lock:
        _cache[row.pk] = (row.revision, built)
    return built


def calendar_by_code(code: str) -> BusinessCalendar | None:
    row = Calendar.objects.filter(code=code).first()
    return business_calendar(row) if row is not None else None


def mark_calendar_changed(*, calendar_id: int) -> None:
    """Call after any change of a calendar, its holidays or special days (new revision)."""
    Calendar.objects.filter(pk=calendar_id).update(revision=uuid.uuid4(), updated_at=clock.now())
    forget_cached()


def forget_cached(**_signal: object) -> None:
    """What this request remembered of policies and calendars (and of the shift calendars that
    follow the support hours) is read again: they changed."""
    request_cache.forget("sla", "schedules")


def add_holiday(*, calendar: Calendar, day: date, name: str = "") -> CalendarHoliday:
    """A holiday on `calendar` (idempotent per date). Due times of open requests are not
    recomputed here: callers above (tickets) do that in one batch."""
    holiday, _created = CalendarHoliday.objects.get_or_create(
        calendar=calendar, date=day, defaults={"name": name[:100]}
    )
    mark_calendar_changed(calendar_id=calendar.pk)
    return holiday


# --- policies -----------------------------------------------------------------------------


def active_policies() -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.filter(is_active=True).select_related("calendar")


def active_department_policies() -> QuerySet[DepartmentReplyPolicy]:
    return DepartmentReplyPolicy.objects.filter(is_active=True).select_related(
        "calendar", "department"
    )


# compiled once per process (desk.core.prepared): every page with a countdown reads them
_ACTIVE_POLICIES = PreparedQuery(SlaPolicy, active_policies, arity=0)
_ACTIVE_DEPARTMENT_POLICIES = PreparedQuery(
    DepartmentReplyPolicy, active_department_policies, arity=0
)


class PolicyBook:
    """The active policies, loaded once (one query), resolved per request in memory.

    A request on a plan (a contract request) follows the SLA policies; a request on no plan (a
    department request: Customer Service, Sales) follows its department's reply policy, loaded
    the first time one is asked for (one more query)."""

    def __init__(self, policies: Iterable[SlaPolicy] | None = None) -> None:
        # once per HTTP request (desk.core.request_cache): opening a request reads them twice
        rows = list(
            request_cache.memo(("sla", "policies"), _ACTIVE_POLICIES.rows)
            if policies is None
            else policies
        )
        # Most specific first: a named plan over any plan, then priority, then the older row.
        rows.sort(key=lambda p: (p.plan_id is None, -p.priority, p.pk))
        self._rows = rows
        self._targets: dict[int, ReplyTarget] = {}
        self._departments: dict[int, ReplyTarget] | None = None

    def target(
        self, *, plan_id: int | None, is_hotrush: bool, department_id: int | None = None
    ) -> ReplyTarget | None:
        if plan_id is None:
            return self._department_target(department_id)
        for policy in self._rows:
            if policy.is_hotrush == is_hotrush and policy.plan_id in (None, plan_id):
                return self._target(policy)
        return None

    def _target(self, policy: SlaPolicy) -> ReplyTarget:
        found = self._targets.get(policy.pk)
        if found is None:
            found = self._targets[policy.pk] = _reply_target(
                policy.pk,
                policy.name,
                policy.calendar,
                policy.target_business_days,
                policy.target_minutes,
                policy.warn_lead_minutes,
            )
        return found

    def _department_target(self, department_id: int | None) -> ReplyTarget | None:
        if department_id is None:
            return None
        if self._departments is None:
            self._departments = {
                policy.department_id: _reply_target(
                    policy.pk,
                    policy.department.name,
                    policy.calendar,
                    policy.target_business_days,
                    policy.target_minutes,
                    policy.warn_lead_minutes,
                )
                for policy in _ACTIVE_DEPARTMENT_POLICIES.rows()
            }
        return self._departments.get(department_id)


def _reply_target(
    policy_id: int,
    name: str,
    calendar: Calendar,
    business_days: int | None,
    minutes: int | None,
    warn_lead_minutes: int,
) -> ReplyTarget:
    budget: Budget = (
        BusinessDays(business_days) if business_days else timedelta(minutes=minutes or 0)
    )
    return ReplyTarget(
        policy_id=policy_id,
        policy_name=name,
        calendar_id=calendar.pk,
        calendar=business_calendar(calendar),
        budget=budget,
        warn_lead=timedelta(minutes=warn_lead_minutes),
    )


def reply_target(
    *, plan_id: int | None, is_hotrush: bool, department_id: int | None = None
) -> ReplyTarget | None:
    return PolicyBook().target(plan_id=plan_id, is_hotrush=is_hotrush, department_id=department_id)


# --- due times ----------------------------------------------------------------------------


def warn_time(target: ReplyTarget, started_at: datetime, due_at: datetime) -> datetime:
    """`warn_lead` of working time before the due time, never before the clock started."""
    return max(started_at, target.calendar.subtract(due_at, target.warn_lead))


def due_for(
    *,
    plan_id: int | None,
    is_hotrush: bool,
    started_at: datetime,
    book: PolicyBook | None = None,
    department_id: int | None = None,
) -> ClockDue | None:
    """The due time of a reply clock started at `started_at`; None when no policy applies.
    `plan_id` None: a department request, on `department_id`'s reply policy."""
    target = (book or PolicyBook()).target(
        plan_id=plan_id, is_hotrush=is_hotrush, department_id=department_id
    )
    if target is None:
        return None
    budget = deadlines.working_budget(target.calendar, started_at, target.budget)
    due = deadlines.working_due(target.calendar, started_at, budget)
    return ClockDue(due, warn_time(target, started_at, due), target, budget)


def due_after(
    *,
    plan_id: int | None,
    is_hotrush: bool,
    since: datetime,
    left: timedelta,
    book: PolicyBook | None = None,
    department_id: int | None = None,
) -> ClockDue | None:
    """The due time of a clock that runs from `since` with `left` working time to go (a clock
    resumed after a pause); None when no policy applies."""
    target = (book or PolicyBook()).target(
        plan_id=plan_id, is_hotrush=is_hotrush, department_id=department_id
    )
    if target is None:
        return None
    due = target.calendar.add(since, left)
    return ClockDue(due, warn_time(target, since, due), target, left)


def anchored_dues(clocks: Sequence[ClockAnchor]) -> list[ClockDue | None]:
    """`due_after` for many clocks in one batch: one policy query, one engine pass per calendar.

    The batch path rounds through float epoch seconds: results may differ from `due_after` by
    a microsecond or two (compare with `same_instant`).
    """
    book = PolicyBook()
    targets = [
        book.target(plan_id=c.plan_id, is_hotrush=c.is_hotrush, department_id=c.department_id)
        for c in clocks
    ]
    by_calendar: dict[int, list[int]] = defaultdict(list)
    for index, target in enumerate(targets):
        if target is not None:
            by_calendar[target.calendar_id].append(index)
    results: list[ClockDue | None] = [None] * len(clocks)
    for indices in by_calendar.values():
        calendar = targets[indices[0]].calendar  # type: ignore[union-attr]
        starts = [clocks[k].since.timestamp() for k in indices]
        lefts = [clocks[k].left.total_seconds() for k in indices]
        for k, due_s in zip(indices, calendar.add_many(starts, lefts), strict=True):
            target = targets[k]
            assert target is not None  # noqa: S101  # grouped above
            due = datetime.fromtimestamp(due_s, UTC)
            since = clocks[k].since
            results[k] = ClockDue(due, warn_time(target, since, due), target, clocks[k].left)
    return results


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    """Equal within the batch path's float rounding (a millisecond is far above it)."""
    if a is None or b is None:
        return a is b
    return abs(a - b) < timedelta(milliseconds=1)

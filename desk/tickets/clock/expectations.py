"""Guaranteed and expected reply times for customers (PRODUCT.md §3: "an honest expected reply
time ... never later than the guarantee"): the queue, the engineers on shift and the recent reply
outcomes are read here (all in `_queue_inputs`; the outcomes from the department's maintained
`RecentReplies` row, never by scanning history), the model is `desk.sla.estimate`. When support
is closed, the expectation says when it opens (`opens_at`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk.accounts.models import Department, Language
from desk.core import clock
from desk.entitlements import selectors as entitlement_selectors
from desk.entitlements.selectors import EntitlementOption
from desk.schedules import selectors as schedules
from desk.sla import estimate
from desk.sla import services as sla
from desk.sla.calendar import BusinessCalendar
from desk.tickets import checks, recent_replies
from desk.tickets.models import Ticket, open_statuses_filter


@dataclass(frozen=True, slots=True)
class Expectation:
    is_hotrush: bool
    guarantee: datetime
    expected: datetime
    ahead: int  # owed a reply before it, counted up to `estimate.ahead_that_counts`
    # When support is closed at the moment of asking: when it opens (else None), and the zone
    # of the support calendar, to say it in support's own time too.
    opens_at: datetime | None = None
    support_time_zone: str = ""


def for_new_request(
    options: list[EntitlementOption],
    *,
    department: Department | None = None,
    language: str = Language.EN,
) -> list[Expectation]:
    """What a request opened now would be promised on the entitlement that would pay for it
    (see `coverage.choose_entitlement`): a common inquiry, and Hotrush if some option allows
    it. Empty when nothing covers the store or no policy applies."""
    now = clock.now()
    department = department or checks.check_department(None)
    by_priority = {option.credit_priority: option for option in options}
    common = by_priority.get("") or by_priority.get("normal") or by_priority.get("urgent")
    rush = next((option for option in options if option.allows_hotrush), None)
    book = sla.PolicyBook()
    found = []
    for is_hotrush, option in ((False, common), (True, rush)):
        if option is None:
            continue
        plan_id = _plan_id(option)
        due = sla.due_for(plan_id=plan_id, is_hotrush=is_hotrush, started_at=now, book=book)
        if due is not None:
            inputs = _Request(department, language, is_hotrush, None)
            found.append(_expect(due.target.calendar, inputs, due.due_at, now))
    return found


def _plan_id(option: EntitlementOption) -> int:
    if option.subscription is not None:
        return option.subscription.plan_id
    return entitlement_selectors.incident_plan(option.credit_priority).pk


def for_ticket(ticket: Ticket) -> Expectation | None:
    """While a reply is owed on `ticket` and not yet due: the guarantee and the expectation."""
    now = clock.now()
    due = ticket.reply_due_at
    if due is None or ticket.awaiting_reply_since is None or due <= now:
        return None
    target = sla.reply_target(
        plan_id=ticket.plan_id, is_hotrush=ticket.is_hotrush, department_id=ticket.department_id
    )
    if target is None:
        return None
    inputs = _Request(ticket.department, ticket.language, ticket.is_hotrush, ticket.pk)
    return _expect(target.calendar, inputs, due, now)


@dataclass(frozen=True, slots=True)
class _Request:
    department: Department
    language: str
    is_hotrush: bool
    ticket_id: int | None  # the request itself, not counted ahead of itself


def _expect(
    calendar: BusinessCalendar, request: _Request, guarantee: datetime, now: datetime
) -> Expectation:
    snapshot = _queue_inputs(calendar, request, guarantee, now)
    expected = estimate.expected_reply(calendar, snapshot)
    opens = calendar.next_working_moment(now)
    closed = opens > now
    return Expectation(
        request.is_hotrush,
        guarantee,
        expected,
        snapshot.ahead,
        opens if closed else None,
        calendar.time_zone if closed else "",
    )


def _queue_inputs(
    calendar: BusinessCalendar, request: _Request, guarantee: datetime, now: datetime
) -> estimate.QueueSnapshot:
    """Everything the estimate reads, in one place: the requests of the same department and
    language owed a reply before `guarantee` (counted only as far as they can move the estimate:
    `estimate.ahead_that_counts`), the shifts of the engineers of that department speaking that
    language who are on shift before it, and the typical reply of the recent outcomes
    (`recent_replies`: one row)."""
    ahead = Ticket.objects.filter(
        open_statuses_filter(),
        department=request.department,
        language=request.language,
        awaiting_reply_since__isnull=False,
        reply_due_at__lt=guarantee,
    )
    if request.ticket_id is not None:
        ahead = ahead.exclude(pk=request.ticket_id)
    department = schedules.department_engineers(request.department.pk)
    engineers = [e.pk for e in department if request.language in e.languages]
    calendars = schedules.shift_calendars(engineers)
    on_shift = [calendars[k] for k in sorted(calendars) if calendars[k].elapsed(now, guarantee)]
    typical = recent_replies.typical_reply(
        request.department.pk, is_hotrush=request.is_hotrush, now=now
    )
    bound = estimate.ahead_that_counts(calendar, now, guarantee, on_shift, typical)
    return estimate.QueueSnapshot(
        now=now,
        guarantee=guarantee,
        ahead=ahead.order_by()[:bound].count() if bound else 0,
        shifts=on_shift,
        typical_reply=typical,
    )

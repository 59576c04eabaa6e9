"""Department reply policies (issue 12 point 7): Customer Service answers within 1 business day
of support hours, Sales within 4 working hours of office hours; both configurable rows run on
the same calendar maths as the contract SLA clock. The property tests hold the due time against
a reference that knows nothing of the engine: it steps minute by minute over the configured
weekly hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.accounts.models import Department
from desk.sla import services as sla
from desk.sla.calendar import WEEKDAYS
from desk.sla.deadlines import BusinessDays
from desk.sla.models import Calendar, DepartmentReplyPolicy

MOSCOW = ZoneInfo("Europe/Moscow")
MINUTE = timedelta(minutes=1)
# A Monday 00:00 Moscow; open times are drawn over the four weeks after it.
BASE = datetime(2027, 1, 4, tzinfo=MOSCOW)
FOUR_WEEKS = 4 * 7 * 24 * 60
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _department_id(code: str) -> int:
    return Department.objects.get(code=code).pk


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _is_working(weekly: dict[str, list[list[str]]], moment: datetime) -> bool:
    """The reference: is the minute at `moment` inside a shift of `weekly` (Moscow time)? A
    shift whose close is at or before its open ends the next day."""
    local = moment.astimezone(MOSCOW)
    now = local.hour * 60 + local.minute
    today = WEEKDAYS[local.weekday()]
    yesterday = WEEKDAYS[(local.weekday() - 1) % 7]
    for opens, closes in (tuple(map(_minutes, pair)) for pair in weekly.get(today, [])):
        if opens <= now < (closes if closes > opens else 24 * 60):
            return True
    for opens, closes in (tuple(map(_minutes, pair)) for pair in weekly.get(yesterday, [])):
        if closes <= opens and now < closes:
            return True
    return False


def _step_working_minutes(
    weekly: dict[str, list[list[str]]], start: datetime, count: int
) -> datetime:
    """The instant at which `count` working minutes have passed since `start`."""
    moment, left = start, count
    while left:
        if _is_working(weekly, moment):
            left -= 1
        moment += MINUTE
    return moment


def _next_working_minute(weekly: dict[str, list[list[str]]], moment: datetime) -> datetime:
    while not _is_working(weekly, moment):
        moment += MINUTE
    return moment


def test_the_seeded_policies(db):
    # given the migrations' seed
    policies = {
        policy.department.code: policy
        for policy in DepartmentReplyPolicy.objects.select_related("department", "calendar")
    }
    # then Customer Service and Sales have a policy each, Technical Support none
    assert sorted(policies) == ["customer-service", "sales"]
    service, sales = policies["customer-service"], policies["sales"]
    assert (service.calendar.code, service.target_business_days, service.target_minutes) == (
        "support-hours",
        1,
        None,
    )
    assert (sales.calendar.code, sales.target_business_days, sales.target_minutes) == (
        "office-hours",
        None,
        240,
    )
    assert sales.calendar.weekly == {day: [["09:00", "18:00"]] for day in WEEKDAYS[:5]}
    # and the targets the engine reads are those
    book = sla.PolicyBook()
    target = book.target(
        plan_id=None, is_hotrush=False, department_id=_department_id("customer-service")
    )
    assert target is not None
    assert target.budget == BusinessDays(1)
    assert book.target(plan_id=None, is_hotrush=False, department_id=None) is None


def test_a_policy_needs_exactly_one_target(db):
    policy = DepartmentReplyPolicy.objects.get(department__code="sales")
    policy.target_business_days = 1  # and 240 minutes
    with pytest.raises(ValidationError):
        policy.full_clean()


def test_an_inactive_policy_sets_no_due_time(db):
    DepartmentReplyPolicy.objects.filter(department__code="sales").update(is_active=False)
    due = sla.due_for(
        plan_id=None,
        is_hotrush=False,
        started_at=BASE,
        department_id=_department_id("sales"),
    )
    assert due is None


@pytest.mark.django_db
@PROPERTY
@given(offset=st.integers(0, FOUR_WEEKS))
def test_sales_reply_is_due_when_the_minute_by_minute_reference_says(offset):
    # given a request to Sales opened at any minute of four weeks
    opened = (BASE + timedelta(minutes=offset)).astimezone(UTC)
    weekly = Calendar.objects.get(code="office-hours").weekly
    # when the engine computes its due time
    due = sla.due_for(
        plan_id=None, is_hotrush=False, started_at=opened, department_id=_department_id("sales")
    )
    # then it is exactly when 240 working minutes have passed, stepping minute by minute
    assert due is not None
    reference = _step_working_minutes(weekly, opened, 240)
    assert due.due_at <= reference
    assert due.due_at == reference


@pytest.mark.django_db
@PROPERTY
@given(offset=st.integers(0, FOUR_WEEKS))
def test_customer_service_reply_is_never_due_later_than_one_business_day(offset):
    # given a request to Customer Service opened at any minute of four weeks
    opened = (BASE + timedelta(minutes=offset)).astimezone(UTC)
    weekly = Calendar.objects.get(code="support-hours").weekly
    # when the engine computes its due time
    due = sla.due_for(
        plan_id=None,
        is_hotrush=False,
        started_at=opened,
        department_id=_department_id("customer-service"),
    )
    # then it is never later than the same clock time the next business date (every date has
    # support hours), or the first working minute after it: the promise is never overstated
    assert due is not None
    reference = _next_working_minute(weekly, opened + timedelta(days=1))
    assert opened < due.due_at <= reference

"""The backlog report's daily series, read from the maintained quarter-hour aggregate, is the one
the events give (the report's former algorithm, kept here as the reference): for any sequence of
openings and status changes through the services, at any times, in zones a whole number of
quarter hours (not hours) from UTC, whether the aggregate was compacted in between or not; the
same after the migration's backfill; in a fixed number of queries."""

from __future__ import annotations

import importlib
import os
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Sum, When
from django.db.models.functions import TruncDate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core import clock as core_clock
from desk.core.errors import DeskError
from desk.reports.backlog import backlog, backlog_by_day, last_days, period_days
from desk.stores import services as store_services
from desk.tickets import backlog as aggregate
from desk.tickets import services
from desk.tickets.models import OPEN_STATUSES, BacklogChange, EventKind, Status, TicketEvent
from desk.tickets.tests.builders import open_request, pay_order

backfill = importlib.import_module("desk.tickets.migrations.0014_backlog_change_aggregate")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
EXAMPLES = int(os.environ.get("DESK_PROPERTY_EXAMPLES", "40"))
ZONES = [
    ZoneInfo(name)
    for name in (
        "Asia/Kathmandu",  # +05:45
        "America/St_Johns",  # -03:30 / -02:30
        "Europe/Moscow",
        "Asia/Kolkata",  # +05:30
        "Australia/Lord_Howe",  # +10:30 / +11: a half-hour daylight saving shift
        "Pacific/Chatham",  # +12:45 / +13:45
        "UTC",
    )
]


def reference_changes_by_day(first_day: date, zone: tzinfo) -> dict[date, int]:
    """The report's former algorithm: the events themselves summed per local day."""
    start = datetime.combine(first_day, time(), tzinfo=zone)
    opens = Q(to_value__in=OPEN_STATUSES) & ~Q(from_value__in=OPEN_STATUSES)
    closes = Q(from_value__in=OPEN_STATUSES) & ~Q(to_value__in=OPEN_STATUSES)
    change = Case(
        When(kind=EventKind.CREATED, then=1),
        When(opens, then=1),
        When(closes, then=-1),
        default=0,
        output_field=IntegerField(),
    )
    rows = (
        TicketEvent.objects.filter(
            kind__in=(EventKind.CREATED, EventKind.STATUS), created_at__gte=start
        )
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(change=Sum(change))
        .values_list("day", "change")
    )
    return {day: change for day, change in rows if change}


def assert_series_as_the_events_give(now: datetime, zone: tzinfo, days: int) -> None:
    # the last `days` days, and a past period of a third of them ending a third of them ago
    report = backlog(now=now, zone=zone, days=days)
    today = now.astimezone(zone).date()
    calendar = last_days(today, days)
    expected = backlog_by_day(
        now_open=report.total,
        changed_on=reference_changes_by_day(calendar[0], zone),
        days=calendar,
    )
    assert report.daily == expected
    since, until = today - timedelta(days=days * 2 // 3), today - timedelta(days=days // 3)
    past = backlog(now=now, zone=zone, since=since, until=until)
    assert past.daily == backlog_by_day(
        now_open=report.total,
        changed_on=reference_changes_by_day(since, zone),
        days=period_days(since, until),
    )


STATUSES = st.sampled_from(list(Status))
# (seconds to move the clock on, then: "open", a status for one of the requests, or "compact")
STEPS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=36 * 3600),
        st.one_of(
            st.just("open"),
            st.just("compact"),
            st.tuples(st.integers(min_value=0, max_value=5), STATUSES),
        ),
    ),
    min_size=1,
    max_size=14,
)


class Run:
    """One example: its requests, opened and moved through the real services."""

    def __init__(self, alice: Any, shop: Any, engineer: Any, clock: Any) -> None:
        self.alice, self.shop, self.engineer, self.clock = alice, shop, engineer, clock
        self.requests: list[Any] = []

    def do(self, seconds: int, action: Any) -> None:
        self.clock.advance(seconds=seconds)
        if action == "open":
            self.requests.append(open_request(self.alice, self.shop, subject="r"))
        elif action == "compact":
            aggregate.compact()
        elif self.requests:
            index, status = action
            ticket = self.requests[index % len(self.requests)]
            move = partial(
                services.change_status, ticket=ticket, actor=self.engineer.user, status=status
            )
            if ticket.status == Status.CLOSED and status != Status.CLOSED:
                with pytest.raises(
                    DeskError, match="ticket_closed"
                ):  # final: refused, nothing recorded
                    move()
            else:
                move()


@pytest.fixture
def shop(alice, clock):
    """Alice's store, on a subscription for the weeks the examples span."""
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1y", store=store)
    return store


def test_the_series_from_the_aggregate_is_the_one_the_events_give(alice, shop, engineer_en, clock):
    seen = {"examples": 0, "loose": 0, "compacted": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(steps=STEPS, zone=st.sampled_from(ZONES), start=st.integers(0, 96 * 15 * 60))
    def check(steps: list[tuple[int, Any]], zone: tzinfo, start: int) -> None:
        began = clock.current
        try:
            with transaction.atomic():
                run = Run(alice, shop, engineer_en, clock)
                clock.advance(seconds=start)
                for seconds, action in steps:
                    run.do(seconds, action)
                now = core_clock.now()
                # when the report is read as the rows are (some compacted, some not), then
                # after a full compaction
                seen["loose"] += BacklogChange.objects.filter(is_compacted=False).count()
                assert_series_as_the_events_give(now, zone, days=30)
                aggregate.compact()
                seen["compacted"] += BacklogChange.objects.filter(is_compacted=True).count()
                assert_series_as_the_events_give(now, zone, days=30)
                transaction.set_rollback(True)
        finally:
            clock.current = began
        seen["examples"] += 1

    check()
    print(f"property: {seen}")  # noqa: T201
    assert seen["examples"] >= min(EXAMPLES, 20)
    assert seen["loose"]  # rows not compacted yet were read
    assert seen["compacted"]


def _opened_and_resolved(requests, alice, shop, engineer, clock):
    """`requests` requests, one every 7 hours, every other one resolved; compacted now and then."""
    for number in range(requests):
        clock.advance(hours=7, minutes=number)
        ticket = open_request(alice, shop, subject=f"r{number}")
        if number % 2:
            services.change_status(ticket=ticket, actor=engineer.user, status=Status.RESOLVED)
        if number % 5 == 4:
            aggregate.compact()


@pytest.mark.parametrize("requests", [1, 12])
def test_the_report_reads_the_aggregate_in_a_fixed_number_of_queries(
    requests, alice, shop, engineer_en, clock, django_assert_num_queries
):
    # given requests opened and resolved over a few days, partly compacted
    _opened_and_resolved(requests, alice, shop, engineer_en, clock)
    assert BacklogChange.objects.filter(is_compacted=False).exists()

    # when the report is read: counts by status and department, overdue and ages, daily changes
    with django_assert_num_queries(3):
        report = backlog(now=clock.current, zone=KATHMANDU, days=365)

    # then
    assert report.daily[-1].count == report.total == requests - requests // 2


def test_the_backfilled_aggregate_gives_the_series_the_live_one_gave(
    alice, shop, engineer_en, clock
):
    # given a history and the reports the live aggregate gives in three zones
    _opened_and_resolved(12, alice, shop, engineer_en, clock)
    now = clock.current
    before = [backlog(now=now, zone=zone, days=30) for zone in ZONES[:3]]
    # when the aggregate is rebuilt by the migration (its reverse, then its backfill)
    editor = connection.schema_editor()
    backfill.forget_backlog_changes(apps, editor)
    assert not BacklogChange.objects.exists()
    backfill.backfill_backlog_changes(apps, editor)
    # then the same reports
    assert [backlog(now=now, zone=zone, days=30) for zone in ZONES[:3]] == before
    assert {point.count for report in before for point in report.daily} != {0}

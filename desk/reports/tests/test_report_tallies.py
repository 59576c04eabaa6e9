"""The SLA reports read maintained tallies (`desk.tickets.tallies`) and must say exactly what
the outcomes themselves say: random outcomes, recorded through `events.record_sla_outcome` at
random moments, and random periods and viewer zones (Kathmandu is UTC+05:45, St John's -03:30),
compared with a reference computed from the outcome rows one by one."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta, tzinfo
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.core import clock as core_clock
from desk.reports.distribution import REPLY_BOUNDS
from desk.reports.reply_times import reply_time_distribution
from desk.stores import services as store_services
from desk.tickets import events, services, tallies
from desk.tickets.clock.attainment import sla_attainment
from desk.tickets.models import (
    EventKind,
    OutcomeTally,
    ReplyOutcome,
    ReplyTimeTally,
    Ticket,
    TicketEvent,
)
from desk.tickets.tests.builders import open_request, pay_order

ORIGIN = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)  # a DST change in Europe a week after
ZONES = [ZoneInfo(z) for z in ("UTC", "Europe/Moscow", "Asia/Kathmandu", "America/St_Johns")]
ZONES.append(ZoneInfo("Europe/Berlin"))

minutes = st.integers(min_value=0, max_value=20 * 24 * 60)


def _week_starts() -> list[int]:
    """Minutes after ORIGIN of each zone's Mondays 00:00 in the window: a quarter hour that
    straddled one would put outcomes in the wrong week."""
    starts = []
    for zone in ZONES:
        local = ORIGIN.astimezone(zone)
        monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0)
        for week in range(4):
            start = (monday + timedelta(weeks=week)).replace(tzinfo=None).replace(tzinfo=zone)
            starts.append(int((start - ORIGIN).total_seconds() // 60))
    return starts


near_edges = st.builds(
    lambda edge, by: max(edge + by, 0),
    st.sampled_from([*_week_starts(), *(day * 24 * 60 for day in range(21))]),
    st.integers(min_value=-20, max_value=20),
)
outcome = st.fixed_dictionaries(
    {
        "ticket": st.integers(min_value=0, max_value=2),  # 2: a department request, no plan
        "due": st.one_of(minutes, near_edges),
        "recorded": st.one_of(minutes, near_edges),
        "seconds": st.one_of(
            st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=400_000)
        ),
        "hotrush": st.booleans(),
        "first": st.booleans(),
        "met": st.booleans(),
        "replied": st.booleans(),
    }
)
moment = st.builds(
    lambda m, s: ORIGIN + timedelta(minutes=m, seconds=s),
    st.one_of(st.integers(min_value=-2 * 24 * 60, max_value=22 * 24 * 60), near_edges),
    st.sampled_from([0, 0, 1, 59]),
)


@pytest.fixture
def tickets(alice, engineer_en):
    """Three requests: on the subscription's plan, on another plan, and on none."""
    alice_store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=alice_store)
    first = open_request(alice, alice_store, subject="on the subscription")
    second = open_request(alice, alice_store, subject="on another plan")
    other = Plan.objects.exclude(id=first.plan_id or 0).order_by("pk").first()
    Ticket.objects.filter(pk=second.pk).update(plan=other)
    third = services.open_department_request(
        customer=alice,
        department=Department.objects.get(code="customer-service"),
        subject="a department request",
        body="Where is my invoice?",
        language="en",
    )
    return [Ticket.objects.get(pk=t.pk) for t in (first, second, third)]


def _record(tickets: list[Ticket], drawn: list[dict[str, object]]) -> None:
    """Each outcome through the real recording path, at its own moment."""
    ReplyOutcome.objects.all().delete()
    TicketEvent.objects.filter(kind__in=(EventKind.SLA_MET, EventKind.SLA_BREACHED)).delete()
    OutcomeTally.objects.all().delete()
    ReplyTimeTally.objects.all().delete()
    for number, row in enumerate(drawn):
        ticket = tickets[int(row["ticket"])]  # type: ignore[call-overload]
        recorded = ORIGIN + timedelta(minutes=int(row["recorded"]), seconds=number % 60)  # type: ignore[call-overload]
        due = ORIGIN + timedelta(minutes=int(row["due"]))  # type: ignore[call-overload]
        data = {
            "working_seconds_used": row["seconds"],
            "hotrush": row["hotrush"],
            "first": row["first"],
            "replied_at": recorded.isoformat() if row["replied"] else None,
        }
        kind = EventKind.SLA_MET if row["met"] else EventKind.SLA_BREACHED
        with mock.patch.object(core_clock, "now", return_value=recorded):
            events.record_sla_outcome(
                ticket,
                kind,
                actor=None,
                started_at=ORIGIN - timedelta(seconds=number + 1),
                due_at=due,
                data=data,
            )


def _reference_attainment(since: datetime, until: datetime, zone: tzinfo, first_only: bool):
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    rows = ReplyOutcome.objects.filter(plan__isnull=False).select_related("plan", "department")
    for row in rows:
        if (
            row.due_at is None
            or not since <= row.due_at < until
            or (first_only and not row.is_first)
        ):
            continue
        year, week, _day = row.due_at.astimezone(zone).isocalendar()
        for name, key in {
            "all": "all",
            "plan": row.plan.code,  # type: ignore[union-attr]
            "hotrush": "hotrush" if row.is_hotrush else "common",
            "department": row.department.code,
            "week": f"{year}-W{week:02d}",
        }.items():
            counts[name][key][0] += int(row.is_met)
            counts[name][key][1] += 1
    return {name: {key: tuple(v) for key, v in found.items()} for name, found in counts.items()}


def _as_counts(report) -> dict[str, dict[str, tuple[int, int]]]:
    found = {
        "plan": report.by_plan,
        "hotrush": report.by_hotrush,
        "department": report.by_department,
        "week": report.by_week,
    }
    counts = {name: {row.key: (row.met, row.total) for row in rows} for name, rows in found.items()}
    if report.overall.total:
        counts["all"] = {"all": (report.overall.met, report.overall.total)}
    return {name: found for name, found in counts.items() if found}


def _reference_reply_times(since: datetime, until: datetime, hotrush: bool | None):
    used = sorted(
        (row.working_seconds_used, row.is_replied)
        for row in ReplyOutcome.objects.filter(is_first=True, plan__isnull=False)
        if since < row.recorded_at <= until and (hotrush is None or row.is_hotrush == hotrush)
    )
    lows = (0, *REPLY_BOUNDS)
    counts = [0] * len(lows)
    for seconds, _replied in used:
        counts[max(k for k, low in enumerate(lows) if seconds >= low)] += 1

    def rank(percent: int) -> int | None:
        if not used:
            return None
        return used[max(math.ceil(percent * len(used) / 100), 1) - 1][0]

    unanswered = sum(1 for _seconds, replied in used if not replied)
    return counts, rank(50), rank(90), unanswered


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    drawn=st.lists(outcome, max_size=40),
    ends=st.lists(moment, min_size=2, max_size=2),
    zone=st.sampled_from(ZONES),
    first_only=st.booleans(),
)
def test_reports_from_tallies_equal_the_outcomes(tickets, drawn, ends, zone, first_only):
    _record(tickets, drawn)
    since, until = sorted(ends)

    attainment = sla_attainment(since=since, until=until, zone=zone, first_only=first_only)
    replies = reply_time_distribution(since=since, until=until)

    assert _as_counts(attainment) == _reference_attainment(since, until, zone, first_only)
    for distribution, hotrush in zip(
        (*replies.groups, replies.overall), (False, True, None), strict=True
    ):
        counts, median, p90, unanswered = _reference_reply_times(since, until, hotrush)
        assert distribution.counts == counts
        assert (distribution.median, distribution.p90) == (median, p90)
        assert distribution.unanswered_at_due == unanswered
    # and rebuilding the tallies from the outcomes gives the rows kept one by one
    kept = _tally_rows()
    tallies.rebuild()
    assert _tally_rows() == kept


def _tally_rows() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (
        sorted(
            OutcomeTally.objects.values_list(
                "bucket", "plan_id", "department_id", "is_hotrush", "is_first", "met", "total"
            )
        ),
        sorted(
            ReplyTimeTally.objects.values_list(
                "day", "is_hotrush", "is_replied", "minutes", "count"
            )
        ),
    )


def test_the_reports_run_a_fixed_number_of_queries(tickets):
    # given: outcomes over two weeks
    _record(
        tickets,
        [
            {
                "ticket": n % 2,
                "due": n * 97,
                "recorded": n * 89,
                "seconds": n * 61,
                "hotrush": n % 3 == 0,
                "first": True,
                "met": n % 4 != 0,
                "replied": True,
            }
            for n in range(200)
        ],
    )
    since, until = ORIGIN + timedelta(days=1), ORIGIN + timedelta(days=8)
    # when
    with CaptureQueriesContext(connection) as attainment:
        sla_attainment(since=since, until=until, zone=ZoneInfo("Asia/Kathmandu"))
    with CaptureQueriesContext(connection) as replies:
        reply_time_distribution(since=since, until=until)
    # then: a fixed number of queries, whatever the number of outcomes
    # tally and edges, plans, departments, department requests' outcomes
    assert len(attainment.captured_queries) == 4
    assert len(replies.captured_queries) == 1 + 6  # tally and edges, 3 groups x 2 percentiles
    # and the grouped reads go to the tallies (besides the period's partial edges)
    tallied = [q["sql"] for q in attainment.captured_queries if "tickets_outcometally" in q["sql"]]
    assert len(tallied) == 1


def test_a_tally_out_of_step_gives_an_answer_not_an_error(tickets, caplog):
    # given: first replies, then the tally inflated as if by a repair not yet rebuilt
    _record(
        tickets,
        [
            {
                "ticket": 0,
                "due": 60,
                "recorded": 2 * 24 * 60 + n,
                "seconds": 100 + 7 * n,
                "hotrush": False,
                "first": True,
                "met": True,
                "replied": True,
            }
            for n in range(30)
        ],
    )
    shortest = ReplyTimeTally.objects.order_by("minutes").values_list("pk", flat=True)[:1]
    ReplyTimeTally.objects.filter(pk__in=list(shortest)).update(count=F("count") + 100)
    # when
    report = reply_time_distribution(since=ORIGIN, until=ORIGIN + timedelta(days=5))
    # then: the page still has its numbers (read among the outcomes), and the drift is logged
    seconds = {100 + 7 * n for n in range(30)}
    assert report.overall.median in seconds | {None}
    assert report.overall.p90 in seconds | {None}
    assert "out of step" in caplog.text
    # and a rebuild puts the tally back in step
    tallies.rebuild()
    _counts, median, p90, _unanswered = _reference_reply_times(
        ORIGIN, ORIGIN + timedelta(days=5), None
    )
    fixed = reply_time_distribution(since=ORIGIN, until=ORIGIN + timedelta(days=5))
    assert (fixed.overall.median, fixed.overall.p90) == (median, p90)

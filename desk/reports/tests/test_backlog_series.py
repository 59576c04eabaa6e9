"""The daily backlog walked back from today's count: pure, table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from desk.reports.backlog import DayCount, daily_backlog, last_days
from desk.tickets.backlog import backlog_change

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    ("kind", "before", "after", "change"),
    [
        ("created", "", "new", 1),
        ("status", "new", "open", 0),
        ("status", "open", "waiting", 0),
        ("status", "open", "resolved", -1),
        ("status", "waiting", "closed", -1),
        ("status", "resolved", "closed", 0),
        ("status", "resolved", "open", 1),  # reopened by the customer
        ("reply", "", "", 0),
        ("sla_met", "x", "y", 0),
    ],
)
def test_each_event_moves_the_backlog(kind, before, after, change):
    assert backlog_change(kind, before, after) == change


def test_last_days_end_today_oldest_first():
    assert last_days(date(2025, 3, 2), 3) == [date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 2)]


def test_the_series_ends_at_the_live_count_and_undoes_later_changes():
    # given 5 open now; +2 on the 2nd, -1 on the 3rd (late evening in Moscow, still the 3rd),
    # +1 at 22:30 UTC on the 3rd, which is already the 4th in Moscow
    days = last_days(date(2025, 3, 4), 4)
    changes = [
        (datetime(2025, 3, 2, 9, tzinfo=UTC), 2),
        (datetime(2025, 3, 3, 20, 30, tzinfo=UTC), -1),
        (datetime(2025, 3, 3, 22, 30, tzinfo=UTC), 1),
    ]
    # when the series is derived in Moscow time
    series = daily_backlog(now_open=5, changes=changes, days=days, zone=MOSCOW)
    # then
    assert series == [
        DayCount(date(2025, 3, 1), 3),
        DayCount(date(2025, 3, 2), 5),
        DayCount(date(2025, 3, 3), 4),
        DayCount(date(2025, 3, 4), 5),
    ]

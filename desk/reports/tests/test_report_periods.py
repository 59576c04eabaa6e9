"""Backlog and revenue over a chosen period, aggregated by the database over indexes: a fixed
number of queries, each read through its index (plans taken as in
`desk.tickets.tests.test_query_plans`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from desk.billing.models import OrderStatus
from desk.billing.tests.factories import pending_order
from desk.entitlements import services as entitlement_services
from desk.entitlements.revocation import revoke_order
from desk.reports.backlog import backlog, changes_by_day
from desk.reports.revenue import revenue_by_month
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.tests.builders import open_request, pay_order
from desk.tickets.tests.test_query_plans import _selects, assert_index_drives
from tests.plans import explain

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def days(alice, engineer_en, clock):
    """1 March: A, B opened (Moscow). 2 March: A resolved, C opened. 3 March (late evening
    UTC, the 4th in Moscow): B closed. Now: 10 March."""
    clock.current = datetime(2025, 2, 20, 9, tzinfo=UTC)
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=shop)
    clock.current = datetime(2025, 3, 1, 9, tzinfo=UTC)
    a, b = open_request(alice, shop, subject="A"), open_request(alice, shop, subject="B")
    clock.current = datetime(2025, 3, 2, 9, tzinfo=UTC)
    services.change_status(ticket=a, actor=engineer_en.user, status=Status.RESOLVED)
    open_request(alice, shop, subject="C")
    clock.current = datetime(2025, 3, 3, 22, 30, tzinfo=UTC)
    services.change_status(ticket=b, actor=engineer_en.user, status=Status.CLOSED)
    clock.current = datetime(2025, 3, 10, 9, tzinfo=UTC)
    return clock.current


def test_changes_are_summed_per_local_day_by_the_database(days):
    # 2 March nets to nothing (A resolved, C opened) and is left out; B's closing at 22:30 UTC
    # on the 3rd is the 4th in Moscow
    changes = changes_by_day(date(2025, 2, 27), MOSCOW)
    assert changes == {date(2025, 3, 1): 2, date(2025, 3, 4): -1}


def test_a_past_period_is_walked_back_from_the_live_count(days):
    # when the period is 28 February – 4 March
    report = backlog(now=days, zone=MOSCOW, since=date(2025, 2, 28), until=date(2025, 3, 4))

    # then one point per day, ending at the count of that day's end
    assert report.total == 1
    assert [(p.day.day, p.count) for p in report.daily] == [(28, 0), (1, 2), (2, 2), (3, 2), (4, 1)]


def test_a_period_reaching_past_today_stops_today(days):
    report = backlog(now=days, zone=MOSCOW, since=date(2025, 3, 9), until=date(2025, 4, 30))
    assert [(p.day, p.count) for p in report.daily] == [
        (date(2025, 3, 9), 1),
        (date(2025, 3, 10), 1),
    ]


def test_an_index_drives_the_backlog_history(days):
    queries = _selects(
        lambda: backlog(now=days, zone=MOSCOW, since=date(2025, 2, 1), until=date(2025, 3, 10))
    )
    assert len(queries) == 3
    [changes] = [sql for sql in queries if "tickets_backlogchange" in sql]
    assert_index_drives(
        changes, "backlog_change_bucket_idx", table="tickets_backlogchange", ordered=False
    )
    # and the open requests' counts are one grouped query over the covering partial index,
    # which on PostgreSQL answers it alone
    [counts] = [sql for sql in queries if "tickets_ticket" in sql]
    # (PostgreSQL picks between the open requests' partial indexes by the table's size on disk
    # in a test database of a few rows: either may drive it here, as both would at 1M)
    assert_index_drives(counts, "ticket_open_backlog_idx", ordered=False, postgres="ticket_open_")
    if connection.vendor == "postgresql":
        assert "Index Only Scan using ticket_open_backlog_idx" in _index_only_plan(counts)


def _index_only_plan(sql: str) -> str:
    """PostgreSQL's plan once the table's other indexes are dropped (in a savepoint, rolled
    back): whether the covering index answers the query alone, whatever the planner prefers
    on a table of a few rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets_ticket' "
            "AND indexname <> 'ticket_open_backlog_idx' AND indexdef NOT LIKE '%%UNIQUE%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        plan = explain(sql)
        transaction.set_rollback(True)
    return plan


@pytest.fixture
def orders(alice, bob, clock):
    def paid(customer, plan, at, **options):
        clock.current = at
        order = pending_order(customer, plan, **options)
        assert entitlement_services.confirm_payment(order_id=order.pk)
        return order

    january = paid(alice, "subscription-1m", datetime(2025, 1, 20, 12, tzinfo=UTC))
    paid(bob, "incident-normal", datetime(2025, 3, 10, 12, tzinfo=UTC), quantity=2)
    paid(bob, "subscription-1m", datetime(2025, 5, 10, 12, tzinfo=UTC))
    clock.current = datetime(2025, 3, 5, 12, tzinfo=UTC)
    assert revoke_order(order_id=january.pk, status=OrderStatus.REFUNDED)
    clock.current = datetime(2025, 6, 15, 9, tzinfo=UTC)


def test_revenue_over_a_period_of_whole_months(orders):
    # when February to March is asked for (any day of those months)
    [usd] = revenue_by_month(
        today=date(2025, 6, 15), zone=MOSCOW, since=date(2025, 2, 14), until=date(2025, 3, 2)
    )

    # then two months: the January sale and the May one are outside, the March refund inside
    assert [month.month for month in usd.months] == [date(2025, 2, 1), date(2025, 3, 1)]
    march = usd.months[1].total
    assert (march.gross, march.refunds, march.orders, march.refunded_orders) == (
        Decimal("198.00"),
        Decimal("149.00"),
        1,
        1,
    )
    assert usd.months[0].total.orders == 0


def test_indexes_drive_the_revenue_queries(orders):
    queries = _selects(
        lambda: revenue_by_month(
            today=date(2025, 6, 15), zone=MOSCOW, since=date(2025, 1, 1), until=date(2025, 6, 1)
        )
    )
    [paid, taken_back] = queries
    assert_index_drives(paid, "order_paid_idx", table="billing_order", ordered=False)
    assert_index_drives(taken_back, "order_revoked_idx", table="billing_order", ordered=False)

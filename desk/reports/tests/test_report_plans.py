"""The reply-time report reads the maintained outcome aggregate through its index (see
`desk.tickets.tests.test_query_plans` for how plans are taken on each database)."""

from __future__ import annotations

from datetime import timedelta

from desk.reports.reply_times import reply_time_distribution
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.tests.builders import open_request, pay_order
from desk.tickets.tests.test_query_plans import _selects, assert_index_drives


def test_an_index_drives_the_reply_time_report(alice, engineer_en, clock):
    # given: two requests, one answered (an outcome recorded)
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=shop)
    answered, _other = open_request(alice, shop), open_request(alice, shop)
    clock.advance(minutes=20)
    services.reply(ticket=answered, engineer=engineer_en, body="Done")
    now = clock.current

    # when
    queries = _selects(
        lambda: reply_time_distribution(
            since=now - timedelta(days=7), until=now + timedelta(days=7)
        )
    )

    # then
    outcomes = [sql for sql in queries if "tickets_replyoutcome" in sql]
    assert len(outcomes) >= 2  # the buckets, and the percentiles
    for sql in outcomes:
        assert_index_drives(
            sql, "reply_outcome_recorded_idx", table="tickets_replyoutcome", ordered=False
        )
    assert not any("tickets_ticketevent" in sql for sql in queries)

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

    # then: one grouped query reads the tally's whole days by its key and the outcomes of the
    # partial days by the time recorded; each percentile reads one minute's outcomes by the
    # used-time index
    [grouped] = [sql for sql in queries if "tickets_replytimetally" in sql]
    assert_index_drives(
        grouped,
        "autoindex_tickets_replytimetally",
        table="tickets_replytimetally",
        ordered=False,
        postgres="reply_time_tally_key",
    )
    assert_index_drives(  # at scale PostgreSQL's planner picks recorded_idx; here any will do
        grouped,
        "reply_outcome_recorded_idx",
        table="tickets_replyoutcome",
        ordered=False,
        postgres="reply_outcome_",
    )
    percentiles = [sql for sql in queries if sql != grouped and "tickets_replyoutcome" in sql]
    assert percentiles  # the median and the 90th percentile of each group
    for sql in percentiles:
        assert_index_drives(sql, "reply_outcome_used_idx", table="tickets_replyoutcome")
    assert not any("tickets_ticketevent" in sql for sql in queries)

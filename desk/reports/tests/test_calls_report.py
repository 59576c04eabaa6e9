"""The calls report: booked, held, minutes, missed and cancelled by plan, from the calls."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from desk.calls import services
from desk.calls.tests.conftest import ask, hotrush, monday  # noqa: F401  # fixtures
from desk.reports.calls import calls_by_plan
from desk.tickets.tests.builders import at_moscow, open_request
from desk.tickets.tests.conftest import (  # noqa: F401  # fixtures
    _own_media_root,
    alice_second_store,
    alice_store,
    alice_subscription,
    alice_urgent_credit,
)


def test_calls_are_counted_by_plan(
    client,
    alice,
    alice_second_store,  # noqa: F811
    alice_urgent_credit,  # noqa: F811
    hotrush,  # noqa: F811
    monday,  # noqa: F811
    engineer_en,
    clock,
):
    # given: on the subscription a call held 40 minutes and one missed; on an Urgent incident
    # one cancelled
    urgent = open_request(alice, alice_second_store, credit_priority="urgent", is_hotrush=True)
    held = ask(hotrush, at_moscow(monday, 0, 10), minutes=45)
    missed = ask(hotrush, at_moscow(monday, 0, 12), minutes=15)
    cancelled = ask(urgent, at_moscow(monday, 0, 14))
    for call, hour in ((held, 10), (missed, 12), (cancelled, 14)):
        services.confirm_call(
            call=call,
            starts_at=at_moscow(monday, 0, hour),
            engineer=engineer_en,
            actor=engineer_en.user,
        )
    services.cancel_call(call=cancelled, actor=alice)
    clock.current = at_moscow(monday, 0, 13)
    services.record_call_held(call=held, minutes_used=40, actor=engineer_en.user)
    services.record_call_missed(call=missed, actor=engineer_en.user)

    # when
    report = calls_by_plan(start=monday, end=monday + timedelta(days=1), language="en")

    # then
    rows = {row.plan_code: row for row in report.rows}
    sub = rows["subscription-1m"]
    assert (sub.booked, sub.held, sub.minutes, sub.missed, sub.cancelled) == (2, 1, 40, 1, 0)
    inc = rows["incident-urgent"]
    assert (inc.booked, inc.held, inc.minutes, inc.missed, inc.cancelled) == (0, 0, 0, 0, 1)
    assert (report.total.booked, report.total.minutes) == (2, 40)

    client.force_login(engineer_en.user)
    page = client.get(reverse("console:calls_report"), {"days": "7"}).content.decode()
    assert 'data-row="subscription-1m"' in page

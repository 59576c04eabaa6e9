"""Reply-time distribution: first replies bucketed by working time, from the clocks' history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.clock import alerts
from desk.tickets.tests.builders import (
    MOSCOW,
    at_moscow,
    next_moscow,
    open_request,
    pay_order,
)

MONDAY = 0


@pytest.fixture
def history(alice, engineer_en, clock):
    """Monday 10:00 Moscow: three common and two Hotrush requests, one Hotrush never answered."""
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=shop)
    monday = clock.current = next_moscow(MONDAY, 10)
    fast, slow, slower = (open_request(alice, shop, subject=f"common {n}") for n in range(3))
    rush, _forgotten = (open_request(alice, shop, subject=s, is_hotrush=True) for s in "ab")

    def reply_at(ticket, hour, minute):
        clock.current = at_moscow(monday, 0, hour, minute)
        services.reply(ticket=ticket, engineer=engineer_en, body="Done")

    reply_at(fast, 10, 10)  # 10 min
    clock.current = at_moscow(monday, 0, 10, 15)
    services.add_customer_message(ticket=fast, author=alice, body="And this?")
    reply_at(fast, 10, 20)  # a later clock: not a first reply
    reply_at(rush, 10, 20)  # 20 min
    reply_at(slow, 10, 40)  # 40 min
    clock.current = at_moscow(monday, 0, 12, 30)
    alerts.sweep()  # the forgotten Hotrush breaches at 12:00, after 2 working hours
    reply_at(slower, 13, 0)  # 3 h
    return monday


def _report(response):
    report = response.context["report"]
    return {group.key: group for group in (*report.groups, report.overall)}


def test_first_replies_are_bucketed_by_hotrush_with_median_and_90th_percentile(
    client, engineer_en, history
):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:reply_times"))

    # then
    assert response.status_code == 200
    groups = _report(response)
    assert groups["common"].counts == [1, 0, 1, 0, 1, 0, 0, 0]
    assert groups["hotrush"].counts == [0, 1, 0, 0, 1, 0, 0, 0]
    assert groups["all"].counts == [1, 1, 1, 0, 2, 0, 0, 0]
    assert [(g.median, g.p90, g.unanswered_at_due) for g in groups.values()] == [
        (2400, 10800, 0),  # common: 10, 40, 180 min
        (1200, 7200, 1),  # Hotrush: 20 min, and at least 2 h (breached before a reply)
        (2400, 10800, 1),
    ]
    assert response.context["weeks"] == 8
    content = response.content.decode()
    assert "5 first replies in the period." in content
    assert "<svg" in content
    assert "Hotrush · 2–4 h: 1" in content


def test_the_period_counts_back_from_now(client, engineer_en, history, clock):
    # given the history two weeks ago
    client.force_login(engineer_en.user)
    clock.advance(weeks=2)

    # when / then: the last week holds none of it, the last three weeks all of it
    assert _report(client.get(reverse("console:reply_times"), {"weeks": 1}))["all"].total == 0
    assert _report(client.get(reverse("console:reply_times"), {"weeks": 3}))["all"].total == 5


@pytest.mark.parametrize("weeks", ["abc", "0", "-1", "53", "99999", "9" * 5000, "1.5", "٣"])
def test_a_bad_period_shows_the_default_with_an_error(client, engineer_en, weeks):
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:reply_times"), {"weeks": weeks})

    assert response.status_code == 200
    assert response.context["weeks"] == 8
    assert "data-weeks-error" in response.content.decode()


def test_an_empty_period_is_the_default_without_an_error(client, engineer_en):
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:reply_times"), {"weeks": ""})

    assert (response.status_code, response.context["weeks"]) == (200, 8)
    assert "data-weeks-error" not in response.content.decode()
    assert "—" in response.content.decode()  # no median without replies


@pytest.mark.parametrize("with_history", [False, True])
def test_the_page_runs_a_fixed_number_of_queries(
    client, engineer_en, request, with_history, django_assert_num_queries
):
    # given no data, or the whole history
    if with_history:
        request.getfixturevalue("history")
    client.force_login(engineer_en.user)

    # then: session, user with engineer, the minutes of first replies (the tally's whole days and
    # the outcomes of the partial days at the edges, in one query), and with outcomes one query per
    # percentile read in SQL (median and p90 of each group and overall)
    with django_assert_num_queries(9 if with_history else 3):
        client.get(reverse("console:reply_times"))


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_the_page_is_404_for_everyone_but_engineers(client, alice, who):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse("console:reply_times")).status_code == 404


def test_a_date_range_counts_the_replies_recorded_in_it(client, engineer_en, history):
    # given: every first reply came on Monday (Moscow, the engineer's zone)
    client.force_login(engineer_en.user)
    monday = history.astimezone(MOSCOW).date()
    sunday = monday.fromordinal(monday.toordinal() - 1)

    # when
    on_monday = client.get(reverse("console:reply_times"), {"since": monday, "until": monday})
    on_sunday = client.get(reverse("console:reply_times"), {"since": sunday, "until": sunday})

    # then
    assert _report(on_monday)["all"].total == 5
    assert _report(on_sunday)["all"].total == 0

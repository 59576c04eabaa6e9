"""Backlog: open requests now, by status, department and age, and day by day from history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from desk.accounts.models import Department
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Status
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
    """Monday: A and B opened. Tuesday: C opened (customer service), A resolved. Wednesday: D
    opened, B closed, A reopened by Alice. Now: Wednesday 14:00 Moscow."""
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=shop)
    monday = clock.current = next_moscow(MONDAY, 10)
    a, b = open_request(alice, shop, subject="A"), open_request(alice, shop, subject="B")
    clock.current = at_moscow(monday, 1, 10)
    service = Department.objects.get(code="customer-service")
    open_request(alice, shop, subject="C", department=service)
    services.change_status(ticket=a, actor=engineer_en.user, status=Status.RESOLVED)
    clock.current = at_moscow(monday, 2, 10)
    open_request(alice, shop, subject="D")
    services.change_status(ticket=b, actor=engineer_en.user, status=Status.CLOSED)
    services.add_customer_message(ticket=a, author=alice, body="Broken again")
    clock.current = at_moscow(monday, 2, 14)
    return monday


def _tallies(rows):
    return [(row.key, row.count) for row in rows]


def test_backlog_counts_open_requests_now_and_day_by_day(client, engineer_en, history):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:backlog"))

    # then
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total == 3
    assert report.overdue == 1  # C: one business day passed on Wednesday 10:00
    assert _tallies(report.by_status) == [("new", 2), ("open", 1), ("waiting", 0)]
    assert _tallies(report.by_department) == [("customer-service", 1), ("technical-support", 2)]
    assert [row.count for row in report.by_age] == [1, 2, 0, 0, 0]
    daily = report.daily
    assert len(daily) == 30
    assert daily[-1].day == history.astimezone(MOSCOW).date() + timedelta(days=2)  # today
    assert [point.count for point in daily[-4:]] == [0, 2, 2, 3]
    assert sum(point.count for point in daily[:-3]) == 0
    content = response.content.decode()
    assert "3 open requests." in content
    assert "1 is past its reply due time." in content


def test_an_empty_desk_has_an_empty_backlog(client, engineer_en):
    client.force_login(engineer_en.user)

    report = client.get(reverse("console:backlog")).context["report"]

    assert (report.total, report.overdue, report.by_department) == (0, 0, [])
    assert [point.count for point in report.daily] == [0] * 30


@pytest.mark.parametrize("with_history", [False, True])
def test_the_page_runs_a_fixed_number_of_queries(
    client, engineer_en, request, with_history, django_assert_num_queries
):
    if with_history:
        request.getfixturevalue("history")
    client.force_login(engineer_en.user)

    # session, user with engineer; counts by status and department, overdue and ages, events
    with django_assert_num_queries(5):
        client.get(reverse("console:backlog"))


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_the_page_is_404_for_everyone_but_engineers(client, alice, who):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse("console:backlog")).status_code == 404


def test_a_picked_period_draws_those_days_and_the_csv_follows(client, engineer_en, history):
    # given the history above, and a period from Monday to Wednesday (today)
    client.force_login(engineer_en.user)
    monday = history.astimezone(MOSCOW).date()
    period = {"since": monday.isoformat(), "until": (monday + timedelta(days=2)).isoformat()}
    # when the page and its CSV are asked for that period
    response = client.get(reverse("console:backlog"), period)
    csv = client.get(reverse("console:backlog_csv"), period).content.decode("utf-8-sig")
    daily_title = "Open requests at the end of each day,"
    # then one bar per day of it, counted as before, and the heading names the period
    daily = response.context["report"].daily
    assert [(point.day, point.count) for point in daily] == [
        (monday, 2),
        (monday + timedelta(days=1), 2),
        (monday + timedelta(days=2), 3),
    ]
    assert "last 30 days" not in response.content.decode()
    days = [line.split(",")[1:] for line in csv.splitlines() if line.startswith(daily_title)]
    assert days == [[point.day.isoformat(), str(point.count)] for point in daily]


@pytest.mark.parametrize(
    ("since", "until", "error"),
    [
        ("2025-01-01", "2026-06-01", "at most 366 days"),
        ("2025-03-02", "2025-03-01", "ends before it starts"),
        ("2025-03-01", "", "Give both dates"),
        ("1-1-1", "yesterday", "Enter a valid date"),
    ],
)
def test_a_bad_period_is_an_error_over_the_last_30_days(
    client, engineer_en, history, since, until, error
):
    client.force_login(engineer_en.user)
    response = client.get(reverse("console:backlog"), {"since": since, "until": until})
    assert response.status_code == 200
    assert len(response.context["report"].daily) == 30
    assert error in response.content.decode()


def test_two_bad_dates_are_named_once_each_under_the_form_and_marked_on_their_fields(
    client, engineer_en, history
):
    client.force_login(engineer_en.user)
    response = client.get(reverse("console:backlog"), {"since": "1-1-1", "until": "2026-13-40"})
    content = response.content.decode()
    error = content.split('id="dates-error"', 1)[1].split("</p>", 1)[0]
    assert error.count("Enter a valid date.") == 2
    assert "From: Enter a valid date." in error
    assert "To: Enter a valid date." in error
    assert content.count('aria-invalid="true" aria-describedby="dates-error"') == 2
    # a line of its own under the row, not inside the "To" field's box
    assert 'class="error row-end"' in content

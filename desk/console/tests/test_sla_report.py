"""SLA attainment report: engineers only, numbers derived from history, fixed query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.accounts.models import Department
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.tests.builders import (
    MOSCOW,
    at_moscow,
    next_moscow,
    open_request,
    pay_order,
)

MONDAY = 0


@pytest.fixture
def history(alice, bob, engineer_en, clock):
    """Monday 10:00 Moscow: five reply clocks with known outcomes."""
    alice_shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=alice_shop)
    bob_shop = store_services.add_store(customer=bob, url="bob-shop.example")
    pay_order(bob, "incident-urgent")
    service = Department.objects.get(code="customer-service")
    monday = clock.current = next_moscow(MONDAY, 10)
    rush_met = open_request(alice, alice_shop, subject="rush met", is_hotrush=True)
    common_late = open_request(alice, alice_shop, subject="common late")
    service_met = open_request(alice, alice_shop, subject="service met", department=service)
    urgent_late = open_request(bob, bob_shop, subject="urgent late", is_hotrush=True)
    clock.current = at_moscow(monday, 0, 11)
    services.reply(ticket=rush_met, engineer=engineer_en, body="Done")  # met
    services.reply(ticket=service_met, engineer=engineer_en, body="Done")  # met
    services.add_customer_message(ticket=rush_met, author=alice, body="One more thing")
    clock.current = at_moscow(monday, 0, 11, 30)
    services.reply(ticket=rush_met, engineer=engineer_en, body="Done too")  # met, not first
    clock.current = at_moscow(monday, 0, 13)
    services.reply(ticket=urgent_late, engineer=engineer_en, body="Late")  # breached
    clock.current = at_moscow(monday, 2, 9)
    services.reply(ticket=common_late, engineer=engineer_en, body="Late")  # breached
    return monday


def _table(response, section) -> list[tuple[str, int, int]]:
    rows = dict(response.context["sections"])[section]
    return [(row.key, row.met, row.total) for row in rows]


def test_report_counts_first_replies_by_plan_hotrush_department_and_week(
    client, engineer_en, history
):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:sla_report"))

    # then
    assert response.status_code == 200
    overall = response.context["report"].overall
    assert (overall.met, overall.total, overall.percent) == (2, 4, 50.0)
    assert _table(response, "plan") == [("incident-urgent", 0, 1), ("subscription-1m", 2, 3)]
    assert _table(response, "hotrush") == [("common", 1, 2), ("hotrush", 1, 2)]
    assert _table(response, "department") == [
        ("customer-service", 1, 1),
        ("technical-support", 1, 3),
    ]
    year, week, _ = history.astimezone(MOSCOW).isocalendar()  # the viewer's zone
    assert _table(response, "week") == [(f"{year}-W{week:02d}", 2, 4)]
    assert "Met 2 of 4 reply guarantees (50.0%)." in response.content.decode()


def test_report_of_all_replies_counts_later_clocks_too(client, engineer_en, history):
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:sla_report"), {"replies": "all"})

    overall = response.context["report"].overall
    assert (overall.met, overall.total) == (3, 5)


def test_report_runs_a_fixed_number_of_queries(
    client, engineer_en, history, django_assert_num_queries
):
    client.force_login(engineer_en.user)

    # session, user with engineer, the outcome tally with the outcomes at the period's edges (one
    # query), plans, departments, department requests' outcomes
    with django_assert_num_queries(6):
        client.get(reverse("console:sla_report"))


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_report_is_404_for_everyone_but_engineers(client, alice, who):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse("console:sla_report")).status_code == 404


def test_a_date_range_counts_the_clocks_due_in_it(client, engineer_en, history):
    # given: on Monday the two Hotrush clocks were due (12:00), on Tuesday the two common ones
    client.force_login(engineer_en.user)
    monday = history.astimezone(MOSCOW).date()
    tuesday = monday.fromordinal(monday.toordinal() + 1)

    # when
    on_monday = client.get(reverse("console:sla_report"), {"since": monday, "until": monday})
    on_tuesday = client.get(reverse("console:sla_report"), {"since": tuesday, "until": tuesday})
    both = client.get(reverse("console:sla_report"), {"since": monday, "until": tuesday})

    # then
    assert _table(on_monday, "hotrush") == [("hotrush", 1, 2)]
    assert _table(on_tuesday, "hotrush") == [("common", 1, 2)]
    overall = both.context["report"].overall
    assert (overall.met, overall.total) == (2, 4)


@pytest.mark.parametrize(
    ("since", "until"), [("2026-03-02", ""), ("2026-03-09", "2026-03-02"), ("soon", "later")]
)
def test_a_bad_date_range_is_said_and_the_default_period_shown(
    client, engineer_en, history, since, until
):
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:sla_report"), {"since": since, "until": until})

    assert response.status_code == 200
    assert "data-dates-error" in response.content.decode()
    overall = response.context["report"].overall
    assert (overall.met, overall.total) == (2, 4)

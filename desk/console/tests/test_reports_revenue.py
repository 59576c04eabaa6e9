"""Revenue: paid orders by Moscow month and kind, less refunds in the month they happened."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from desk.accounts.models import User
from desk.billing.models import OrderStatus
from desk.billing.tests.factories import pending_order
from desk.core import clock as core_clock
from desk.core.clock import MovableClock
from desk.entitlements import services as entitlement_services
from desk.entitlements.revocation import revoke_order

NOW = datetime(2025, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch) -> MovableClock:
    movable = MovableClock(NOW)
    monkeypatch.setattr(core_clock, "now", movable)
    return movable


@pytest.fixture
def orders(alice, bob, clock):
    """Paid through the payment service at fixed instants; two refunded later."""

    def paid(customer, plan, at, **options):
        clock.current = at
        order = pending_order(customer, plan, **options)
        assert entitlement_services.confirm_payment(order_id=order.pk)
        return order

    def refunded(order, at):
        clock.current = at
        assert revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED)

    old = paid(alice, "subscription-1m", datetime(2024, 6, 20, 12, tzinfo=UTC))  # before the year
    refunded(old, datetime(2024, 7, 5, 12, tzinfo=UTC))
    yearly = paid(bob, "subscription-1y", datetime(2025, 4, 1, 12, tzinfo=UTC))
    paid(alice, "incident-normal", datetime(2025, 5, 10, 12, tzinfo=UTC), quantity=2)
    # 22:30 UTC on 31 May is 01:30 on 1 June in Moscow: a June payment
    paid(bob, "subscription-1m", datetime(2025, 5, 31, 22, 30, tzinfo=UTC))
    refunded(yearly, datetime(2025, 6, 2, 12, tzinfo=UTC))
    clock.current = datetime(2025, 6, 3, 12, tzinfo=UTC)
    pending_order(alice, "incident-urgent")  # never paid: no revenue
    clock.current = NOW


def _months(revenue):
    return {
        month.month: {
            kind: (a.gross, a.refunds)
            for kind, a in month.kinds.items()
            if a.orders or a.refunded_orders
        }
        for month in revenue.months
        if month.total.orders or month.total.refunded_orders
    }


def test_revenue_by_month_and_kind_less_refunds(client, engineer_en, orders):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:revenue"))

    # then
    assert response.status_code == 200
    [(usd, chart)] = response.context["currencies"]
    assert usd.currency == "USD"
    assert [month.month for month in usd.months][::11] == [date(2024, 7, 1), date(2025, 6, 1)]
    assert _months(usd) == {
        date(2024, 7, 1): {"subscription": (Decimal("0.00"), Decimal("149.00"))},
        date(2025, 4, 1): {"subscription": (Decimal("990.00"), Decimal("0.00"))},
        date(2025, 5, 1): {"incident": (Decimal("198.00"), Decimal("0.00"))},
        date(2025, 6, 1): {"subscription": (Decimal("149.00"), Decimal("990.00"))},
    }
    june = usd.months[-1].total
    assert (june.gross, june.refunds, june.net, june.orders, june.refunded_orders) == (
        Decimal("149.00"),
        Decimal("990.00"),
        Decimal("-841.00"),
        1,
        1,
    )
    total = usd.total
    assert (total.gross, total.refunds, total.net) == (
        Decimal("1337.00"),
        Decimal("1139.00"),
        Decimal("198.00"),
    )
    assert len(chart.bars) == 36  # 12 months × 3 kinds
    assert "data-total>198.00<" in response.content.decode()


def test_an_empty_year_shows_twelve_empty_months_in_usd(client, engineer_en, clock):
    client.force_login(engineer_en.user)

    [(usd, _chart)] = client.get(reverse("console:revenue")).context["currencies"]

    assert (usd.currency, len(usd.months), usd.total.net) == ("USD", 12, Decimal("0.00"))


@pytest.mark.parametrize("with_orders", [False, True])
def test_the_page_runs_a_fixed_number_of_queries(
    client, engineer_en, clock, request, with_orders, django_assert_num_queries
):
    if with_orders:
        request.getfixturevalue("orders")
    client.force_login(engineer_en.user)

    # session, user with engineer profile; paid orders by month, refunds by month
    with django_assert_num_queries(4):
        client.get(reverse("console:revenue"))


def test_superusers_see_revenue_too(client, db, clock):
    admin = User.objects.create_superuser(email="root@supportdesk.example", password="x" * 20)
    client.force_login(admin)

    assert client.get(reverse("console:revenue")).status_code == 200
    assert client.get(reverse("console:reports")).status_code == 404  # the other reports: engineers


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_the_page_is_404_for_everyone_but_staff(client, alice, who):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse("console:revenue")).status_code == 404


def test_a_picked_period_sums_its_whole_months(client, engineer_en, orders):
    # given the orders above, and a period inside April..May 2025
    client.force_login(engineer_en.user)
    period = {"since": "2025-04-15", "until": "2025-05-02"}
    # when the page and its CSV are asked for it
    response = client.get(reverse("console:revenue"), period)
    csv = client.get(reverse("console:revenue_csv"), period).content.decode("utf-8-sig")
    # then April and May, whole, and nothing else
    [(usd, chart)] = response.context["currencies"]
    assert [month.month for month in usd.months] == [date(2025, 4, 1), date(2025, 5, 1)]
    assert (usd.total.gross, usd.total.refunds) == (Decimal("1188.00"), Decimal("0.00"))
    assert len(chart.bars) == 6
    content = response.content.decode()
    assert "Net in the period:" in content
    assert "data-total>1188.00<" in content
    assert [line.split(",")[0] for line in csv.splitlines()[1:]] == ["2025-04", "2025-05"]


def test_a_period_over_three_years_is_refused_and_the_year_shown(client, engineer_en, orders):
    client.force_login(engineer_en.user)
    response = client.get(
        reverse("console:revenue"), {"since": "2020-01-01", "until": "2025-06-01"}
    )
    [(usd, _chart)] = response.context["currencies"]
    assert len(usd.months) == 12
    assert "at most 1098 days" in response.content.decode()

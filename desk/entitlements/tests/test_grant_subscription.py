from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import services
from desk.entitlements.models import Subscription, SubscriptionEvent, SubscriptionEventKind

MSK = ZoneInfo("Europe/Moscow")
JAN_31 = datetime(2026, 1, 31, 12, 0, tzinfo=MSK)


@pytest.fixture
def clock(monkeypatch):
    """Move the service clock: `clock.set(moment)`."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr("desk.core.clock.now", lambda: moment.astimezone(UTC))

    return Clock()


def _buy(customer, store, plan_code):
    order = pending_order(customer, plan_code, store=store)
    assert services.confirm_payment(order_id=order.pk)
    return order


def test_first_purchase_starts_now(alice, clock):
    clock.set(JAN_31)
    store = store_of(alice)

    order = _buy(alice, store, "subscription-1m")

    subscription = Subscription.objects.get(store=store)
    assert subscription.customer == alice
    assert subscription.plan.code == "subscription-1m"
    assert subscription.starts_at == JAN_31
    assert subscription.ends_at == datetime(2026, 2, 28, 12, 0, tzinfo=MSK)
    event = SubscriptionEvent.objects.get(subscription=subscription)
    assert (event.kind, event.order_id, event.ends_before, event.ends_after) == (
        SubscriptionEventKind.STARTED,
        order.pk,
        None,
        subscription.ends_at,
    )


def test_leap_year_month_ends_on_feb_29(alice, clock):
    clock.set(datetime(2028, 1, 31, 12, 0, tzinfo=MSK))
    store = store_of(alice)
    _buy(alice, store, "subscription-1m")
    assert Subscription.objects.get(store=store).ends_at == datetime(2028, 2, 29, 12, tzinfo=MSK)


def test_year_subscription_lasts_twelve_months(alice, clock):
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=MSK))
    store = store_of(alice)
    _buy(alice, store, "subscription-1y")
    assert Subscription.objects.get(store=store).ends_at == datetime(2027, 3, 10, 9, tzinfo=MSK)


def test_early_renewal_extends_from_the_current_end(alice, clock):
    # given a month bought on Jan 31 (ends Feb 28)
    clock.set(JAN_31)
    store = store_of(alice)
    _buy(alice, store, "subscription-1m")
    # when another month is bought on Feb 10
    clock.set(datetime(2026, 2, 10, 8, 0, tzinfo=MSK))
    renewal = _buy(alice, store, "subscription-1m")
    # then the period runs on from Feb 28, and the start stays
    subscription = Subscription.objects.get(store=store)
    assert subscription.starts_at == JAN_31
    assert subscription.ends_at == datetime(2026, 3, 28, 12, 0, tzinfo=MSK)
    extended = SubscriptionEvent.objects.get(
        subscription=subscription, kind=SubscriptionEventKind.EXTENDED
    )
    assert extended.order_id == renewal.pk
    assert extended.ends_before == datetime(2026, 2, 28, 12, 0, tzinfo=MSK)
    assert extended.ends_after == subscription.ends_at
    assert Subscription.objects.count() == 1


def test_renewal_after_expiry_starts_now(alice, clock):
    clock.set(JAN_31)
    store = store_of(alice)
    _buy(alice, store, "subscription-1m")
    later = datetime(2026, 4, 15, 10, 0, tzinfo=MSK)
    clock.set(later)

    _buy(alice, store, "subscription-1m")

    subscription = Subscription.objects.get(store=store)
    assert subscription.starts_at == later
    assert subscription.ends_at == datetime(2026, 5, 15, 10, 0, tzinfo=MSK)
    assert subscription.is_active_at(later)


def test_switching_to_a_year_plan_extends_by_twelve_months(alice, clock):
    clock.set(JAN_31)
    store = store_of(alice)
    _buy(alice, store, "subscription-1m")
    clock.set(datetime(2026, 2, 20, 12, 0, tzinfo=MSK))

    _buy(alice, store, "subscription-1y")

    subscription = Subscription.objects.get(store=store)
    assert subscription.plan.code == "subscription-1y"
    assert subscription.ends_at == datetime(2027, 2, 28, 12, 0, tzinfo=MSK)


def test_several_periods_in_one_order(alice, clock):
    clock.set(JAN_31)
    store = store_of(alice)
    order = pending_order(alice, "subscription-1m", store=store, quantity=3)
    services.confirm_payment(order_id=order.pk)
    assert Subscription.objects.get(store=store).ends_at == datetime(2026, 4, 30, 12, tzinfo=MSK)


def test_one_subscription_covers_one_store(alice, clock):
    clock.set(JAN_31)
    first, second = store_of(alice, "one.example"), store_of(alice, "two.example")
    _buy(alice, first, "subscription-1m")
    _buy(alice, second, "subscription-1y")
    assert sorted(Subscription.objects.values_list("store__canonical_url", "plan__code")) == [
        ("one.example", "subscription-1m"),
        ("two.example", "subscription-1y"),
    ]

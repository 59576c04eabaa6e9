"""A refunded subscription order loses exactly the period it paid for."""

from datetime import UTC, datetime, timedelta

import pytest

from desk.billing.models import OrderStatus
from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import services
from desk.entitlements.models import Subscription, SubscriptionEventKind
from desk.entitlements.revocation import revoke_order

JAN_10 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock_at(monkeypatch):
    def move(moment):
        monkeypatch.setattr("desk.core.clock.now", lambda: moment)

    return move


def paid(customer, plan_code, store):
    order = pending_order(customer, plan_code, store=store)
    services.confirm_payment(order_id=order.pk)
    return order


def test_refunding_the_only_order_ends_the_subscription_now(alice, clock_at):
    store = store_of(alice)
    clock_at(JAN_10)
    order = paid(alice, "subscription-1m", store)
    clock_at(JAN_10 + timedelta(days=3))
    assert revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED) is True
    subscription = Subscription.objects.get(store=store)
    assert subscription.ends_at == JAN_10 + timedelta(days=3)
    assert not subscription.is_active
    event = subscription.events.get(kind=SubscriptionEventKind.REVOKED)
    assert (event.order, event.ends_before, event.data) == (
        order,
        datetime(2026, 2, 10, 12, 0, tzinfo=UTC),
        {"reason": "refunded"},
    )


def test_refunding_a_renewal_keeps_the_period_paid_before(alice, clock_at):
    store = store_of(alice)
    clock_at(JAN_10)
    paid(alice, "subscription-1m", store)
    renewal = paid(alice, "subscription-1m", store)  # extends Feb 10 -> Mar 10
    clock_at(JAN_10 + timedelta(days=1))
    revoke_order(order_id=renewal.pk, status=OrderStatus.REFUNDED)
    assert Subscription.objects.get(store=store).ends_at == datetime(2026, 2, 10, 12, tzinfo=UTC)


def test_refunded_at_the_instant_of_purchase_it_ends_at_once(alice, clock_at):
    store = store_of(alice)
    clock_at(JAN_10)
    order = paid(alice, "subscription-1y", store)
    revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED)
    subscription = Subscription.objects.get(store=store)
    assert subscription.ends_at == JAN_10
    assert subscription.starts_at < subscription.ends_at
    assert not subscription.is_active_at(JAN_10)


def test_a_revoked_pending_order_is_never_fulfilled(alice):
    order = pending_order(alice, "incident-normal")
    assert revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED) is True
    assert services.confirm_payment(order_id=order.pk, by_provider=True) is False
    order.refresh_from_db()
    assert (order.status, order.fulfilled_at) == (OrderStatus.REFUNDED, None)


def test_revoking_twice_changes_nothing_the_second_time(alice):
    order = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=order.pk)
    assert revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED) is True
    assert revoke_order(order_id=order.pk, status=OrderStatus.DISPUTED) is False
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED

import pytest

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.concurrency import run_concurrently
from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import services
from desk.entitlements.models import (
    CreditBalance,
    CreditEntry,
    CreditReason,
    Subscription,
    SubscriptionEvent,
)


def test_confirm_payment_marks_paid_and_grants_credits(alice, engineer_en):
    order = pending_order(alice, "incident-urgent", quantity=2)

    assert services.confirm_payment(order_id=order.pk, by=engineer_en.user) is True

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.marked_paid_by == engineer_en.user
    assert order.paid_at is not None
    assert order.fulfilled_at is not None
    entry = CreditEntry.objects.get(customer=alice)
    assert (entry.priority, entry.delta, entry.reason, entry.order_id) == (
        "urgent",
        2,
        CreditReason.PURCHASE,
        order.pk,
    )
    assert CreditBalance.objects.get(customer=alice, priority="urgent").remaining == 2


def test_confirming_twice_fulfils_once(alice):
    store = store_of(alice)
    order = pending_order(alice, "subscription-1m", store=store)

    results = [services.confirm_payment(order_id=order.pk) for _ in range(3)]

    assert results == [True, False, False]
    assert Subscription.objects.count() == 1
    assert SubscriptionEvent.objects.count() == 1


def test_confirming_a_cancelled_order_grants_nothing(alice):
    order = pending_order(alice, "incident-normal")
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    assert services.confirm_payment(order_id=order.pk) is False

    assert not CreditEntry.objects.exists()
    assert Order.objects.get(pk=order.pk).paid_at is None


def test_failed_fulfilment_leaves_the_order_unpaid(alice, monkeypatch):
    order = pending_order(alice, "subscription-1m")

    def broken_grant(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "grant_subscription", broken_grant)
    with pytest.raises(RuntimeError):
        services.confirm_payment(order_id=order.pk)

    order.refresh_from_db()
    assert (order.status, order.paid_at, order.fulfilled_at) == (OrderStatus.PENDING, None, None)
    assert not Subscription.objects.exists()


def test_paid_orders_for_one_store_extend_one_subscription(alice):
    store = store_of(alice)
    first = pending_order(alice, "subscription-1m", store=store)
    second = pending_order(alice, "subscription-1m", store=store)
    services.confirm_payment(order_id=second.pk)
    services.confirm_payment(order_id=first.pk)
    assert Subscription.objects.count() == 1
    assert SubscriptionEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirmations_fulfil_once(alice):
    order = pending_order(alice, "incident-normal", quantity=1)

    results = run_concurrently(lambda i: services.confirm_payment(order_id=order.pk), 20)

    assert sorted(results, key=str) == [False] * 19 + [True]
    assert CreditEntry.objects.filter(customer=alice).count() == 1
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirmations_of_a_subscription_give_one_period(alice):
    store = store_of(alice)
    order = pending_order(alice, "subscription-1y", store=store)

    results = run_concurrently(lambda i: services.confirm_payment(order_id=order.pk), 20)

    assert results.count(True) == 1
    assert results.count(False) == 19
    assert Subscription.objects.count() == 1
    assert SubscriptionEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_orders_for_one_store_make_one_subscription(alice):
    store = store_of(alice)
    orders = [pending_order(alice, "subscription-1m", store=store) for _ in range(6)]

    results = run_concurrently(lambda i: services.confirm_payment(order_id=orders[i].pk), 6)

    assert results == [True] * 6
    assert Subscription.objects.count() == 1
    assert SubscriptionEvent.objects.count() == 6


def test_order_marked_paid_elsewhere_is_fulfilled_once(alice):
    order = pending_order(alice, "incident-normal")
    billing_services.mark_order_paid(order_id=order.pk, by=None)

    results = [services.confirm_payment(order_id=order.pk) for _ in range(2)]

    assert results == [True, False]
    assert CreditEntry.objects.filter(order=order).count() == 1

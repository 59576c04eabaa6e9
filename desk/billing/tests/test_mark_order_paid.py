from datetime import UTC, datetime

from desk.billing import services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_mark_order_paid_is_true_once(alice, engineer_en, monkeypatch):
    monkeypatch.setattr("desk.core.clock.now", lambda: NOW)
    order = pending_order(alice, "incident-normal")

    first = services.mark_order_paid(order_id=order.pk, by=engineer_en.user)
    second = services.mark_order_paid(order_id=order.pk, by=None)

    order.refresh_from_db()
    assert (first, second) == (True, False)
    assert order.status == OrderStatus.PAID
    assert order.paid_at == NOW
    assert order.marked_paid_by == engineer_en.user
    assert order.fulfilled_at is None  # granting is entitlements' job


def test_cancelled_order_cannot_be_paid(alice):
    order = pending_order(alice, "incident-normal")
    assert services.cancel_order(order_id=order.pk) is True
    assert services.mark_order_paid(order_id=order.pk, by=None) is False
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.paid_at is None


def test_paid_order_cannot_be_cancelled(alice):
    order = pending_order(alice, "incident-normal")
    services.mark_order_paid(order_id=order.pk, by=None)
    assert services.cancel_order(order_id=order.pk) is False
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_unknown_order_is_not_paid(db):
    assert services.mark_order_paid(order_id=424242, by=None) is False

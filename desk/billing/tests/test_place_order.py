from decimal import Decimal

import pytest

from desk.billing import services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import catalog_plan, store_of
from desk.core.errors import DeskError


def test_subscription_order_for_own_store_awaits_payment(alice):
    # given
    store = store_of(alice, "example.com")
    plan = catalog_plan("subscription-1y")
    # when
    order = services.place_order(customer=alice, plan=plan, store=store)
    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.amount == Decimal("990.00")
    assert isinstance(order.amount, Decimal)
    assert order.currency == "USD"
    assert order.provider == "offline"
    assert order.store == store
    assert order.quantity == 1
    assert order.paid_at is None
    assert order.fulfilled_at is None
    assert str(order.money) == "USD 990.00"
    assert order.number == f"SD-{order.pk:06d}"


def test_incident_order_costs_price_times_quantity(alice):
    order = services.place_order(customer=alice, plan=catalog_plan("incident-normal"), quantity=3)
    order.refresh_from_db()
    assert order.amount == Decimal("297.00")
    assert order.store is None


def test_price_is_taken_from_the_catalog_when_ordering(alice):
    plan = catalog_plan("incident-urgent")
    stale_copy = catalog_plan("incident-urgent")
    plan.price = Decimal("150.50")
    plan.save(update_fields=["price"])
    order = services.place_order(customer=alice, plan=stale_copy, quantity=2)
    assert order.amount == Decimal("301.00")


def _refused(code, **kwargs):
    with pytest.raises(DeskError) as caught:
        services.place_order(**kwargs)
    assert caught.value.code == code
    assert not Order.objects.exists()
    return caught.value


def test_subscription_requires_a_store(alice):
    _refused("store_required", customer=alice, plan=catalog_plan("subscription-1m"))


def test_subscription_for_another_customers_store_is_not_found(alice, bob):
    bobs_store = store_of(bob, "bob.example.com")
    error = _refused(
        "store_not_found", customer=alice, plan=catalog_plan("subscription-1m"), store=bobs_store
    )
    assert error.status == 404


def test_incident_takes_no_store(alice):
    store = store_of(alice)
    _refused(
        "store_not_applicable", customer=alice, plan=catalog_plan("incident-normal"), store=store
    )


def test_plan_off_sale_cannot_be_ordered(alice):
    plan = catalog_plan("incident-normal")
    plan.is_active = False
    plan.save(update_fields=["is_active"])
    _refused("plan_not_on_sale", customer=alice, plan=plan)


@pytest.mark.parametrize("quantity", [0, -1, 101])
def test_quantity_out_of_range_is_refused(alice, quantity):
    error = _refused(
        "invalid_quantity", customer=alice, plan=catalog_plan("incident-normal"), quantity=quantity
    )
    assert error.message == "The quantity must be between 1 and 100."


def test_unknown_payment_provider_is_refused(alice):
    _refused(
        "unknown_provider", customer=alice, plan=catalog_plan("incident-normal"), provider="gold"
    )

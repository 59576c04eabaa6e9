"""Builders of request-test data: through services, like real data."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from desk.accounts.models import User
from desk.billing.models import Order, OrderStatus
from desk.catalog.models import Plan
from desk.core import clock as core_clock
from desk.entitlements import services as entitlement_services
from desk.stores.models import Store
from desk.tickets import services
from desk.tickets.models import Ticket
from desk.tickets.scope import Category


def pay_order(
    customer: User, plan_code: str, *, store: Store | None = None, quantity: int = 1
) -> Order:
    """A paid order, fulfilled: what checkout leaves behind."""
    plan = Plan.objects.get(code=plan_code)
    order = Order.objects.create(
        customer=customer,
        plan=plan,
        store=store,
        quantity=quantity,
        amount=plan.price * quantity,
        currency=plan.currency,
        provider="manual",
        status=OrderStatus.PAID,
        paid_at=core_clock.now(),
    )
    assert entitlement_services.fulfil_order(order_id=order.pk)
    return order


def upload(
    name: str = "screenshot.png", content: bytes = b"\x89PNG data", content_type: str = "image/png"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def open_request(customer: User, store: Store, **overrides: Any) -> Ticket:
    fields: dict[str, Any] = {
        "subject": "Checkout page shows a PHP warning",
        "body": "Since yesterday the checkout shows 'Warning: Undefined index'.",
        "category": Category.PHP_MYSQL,
        "language": "en",
    }
    fields.update(overrides)
    return services.open_ticket(customer=customer, store=store, **fields)


MOSCOW = ZoneInfo("Europe/Moscow")


def next_moscow(weekday: int, hour: int, minute: int = 0) -> datetime:
    """The next `weekday` (0 = Monday) at `hour:minute` Moscow time, 2 to 9 days from now
    (inside every subscription period the fixtures buy), as an aware UTC datetime."""
    today = core_clock.now().astimezone(MOSCOW).date() + timedelta(days=2)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.combine(day, time(hour, minute), tzinfo=MOSCOW).astimezone(UTC)


def at_moscow(base: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    """`days` after `base`'s Moscow date, at `hour:minute` Moscow time, in UTC."""
    day = base.astimezone(MOSCOW).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=MOSCOW).astimezone(UTC)

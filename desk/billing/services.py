"""Every state change of orders and payments. Granting what was bought is entitlements' job."""

from __future__ import annotations

from django.db.models import Q

from desk.billing.models import Order, OrderStatus
from desk.core import clock


def claim_fulfilment(*, order_id: int) -> bool:
    """Mark a paid order fulfilled; True for exactly one caller, however many race.

    The caller must grant the entitlement in the same transaction, so that a failure after the
    claim rolls the claim back too.
    """
    claimed = Order.objects.filter(
        Q(pk=order_id, status=OrderStatus.PAID, fulfilled_at__isnull=True)
    ).update(fulfilled_at=clock.now())
    return claimed == 1

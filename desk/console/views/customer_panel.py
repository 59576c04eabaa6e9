"""The customer beside a request in the console: their latest other requests and their stores
with the state of each store's subscription. A fixed number of queries, however many rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk.accounts.models import User
from desk.core import clock
from desk.core.prepared import PreparedQuery
from desk.entitlements.selectors import stores_with_subscription
from desk.stores.models import Store
from desk.tickets.models import Ticket
from desk.tickets.selectors import other_tickets_of_customer

OTHER_REQUESTS = 5
STORES_SHOWN = 20
# the panel shows no plan: the subscription is joined without it (compiled once)
_STORES = PreparedQuery(
    Store,
    lambda customer_id: (
        stores_with_subscription(User(pk=customer_id))
        .select_related(None)
        .select_related("subscription")[: STORES_SHOWN + 1]
    ),
)


@dataclass(frozen=True, slots=True)
class StoreRow:
    store: Store
    state: str  # "active", "expired" or "none"
    ends_at: datetime | None
    is_flagged: bool


def _store_row(store: Store, now: datetime) -> StoreRow:
    subscription = getattr(store, "subscription", None)
    if subscription is None:
        return StoreRow(store, "none", None, False)
    state = "active" if subscription.is_active_at(now) else "expired"
    is_flagged = subscription.fair_use_flagged_at is not None
    return StoreRow(store, state, subscription.ends_at, is_flagged)


def customer_context(ticket: Ticket) -> dict[str, Any]:
    """Two queries: the other requests (one more than shown, to tell whether there are more)
    and the stores with their subscriptions."""
    others = other_tickets_of_customer(ticket, limit=OTHER_REQUESTS + 1)
    stores = _STORES.rows(ticket.customer_id)
    now = clock.now()
    return {
        "other_requests": others[:OTHER_REQUESTS],
        "more_requests": len(others) > OTHER_REQUESTS,
        "customer_stores": [_store_row(store, now) for store in stores[:STORES_SHOWN]],
        "more_stores": len(stores) > STORES_SHOWN,
    }

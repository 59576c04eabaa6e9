"""Provider events as stored facts: record each once, find the order it is about, mark it done.

What an event *does* (grant, revoke) is decided above billing, in `desk.entitlements.payments`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from desk.billing.models import Order, StripeEvent
from desk.billing.providers import ProviderEvent
from desk.core import clock

logger = logging.getLogger(__name__)


def record_event(event: ProviderEvent) -> tuple[StripeEvent, bool]:
    """Store a verified event unless its id was stored before; (row, created)."""
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event.event_id,
                type=event.type[:100],
                payload=event.payload,
                session_id=event.session_id[:255],
                payment_reference=event.payment_reference[:255],
            )
            return stored, True
    except IntegrityError:  # a concurrent delivery of the same event stored it first
        return StripeEvent.objects.get(event_id=event.event_id), False


def lock_unprocessed_event(event_id: str) -> StripeEvent | None:
    """The event, row-locked, if it still has to be processed. Caller holds a transaction."""
    return (
        StripeEvent.objects.select_for_update()
        .filter(event_id=event_id, processed_at__isnull=True)
        .first()
    )


def mark_event_processed(*, event: StripeEvent, outcome: str) -> bool:
    updated = StripeEvent.objects.filter(pk=event.pk, processed_at__isnull=True).update(
        processed_at=clock.now(), outcome=outcome[:40]
    )
    return updated == 1


def note_event_outcome(*, event: StripeEvent, outcome: str) -> None:
    """Remember why an event waits (e.g. `deferred`) without marking it processed."""
    StripeEvent.objects.filter(pk=event.pk).update(outcome=outcome[:40])


def unprocessed_event_ids(*, payment_reference: str = "", limit: int = 500) -> list[str]:
    events = StripeEvent.objects.filter(processed_at__isnull=True)
    if payment_reference:
        events = events.filter(payment_reference=payment_reference)
    return list(events.order_by("received_at", "id").values_list("event_id", flat=True)[:limit])


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What a `checkout.session.*` event says about the payment."""

    session_id: str
    order_id: int | None
    payment_reference: str
    amount_minor: int | None
    currency: str
    payment_status: str

    @property
    def is_paid(self) -> bool:
        return self.payment_status == "paid"


def session_facts(payload: dict[str, Any]) -> SessionFacts:
    obj = payload.get("data", {}).get("object", {})
    reference = str(obj.get("client_reference_id") or "")
    amount = obj.get("amount_total")
    payment = obj.get("payment_intent")
    return SessionFacts(
        session_id=str(obj.get("id") or ""),
        order_id=int(reference) if reference.isdigit() else None,
        payment_reference=payment if isinstance(payment, str) else "",
        amount_minor=amount if isinstance(amount, int) else None,
        currency=str(obj.get("currency") or "").upper(),
        payment_status=str(obj.get("payment_status") or ""),
    )


def attach_session(*, facts: SessionFacts) -> Order | None:
    """The Stripe order a Checkout Session pays, with the session and payment remembered.

    Found by the session id saved at checkout, else by `client_reference_id`: the session was
    created but its id not saved (a crash right after Stripe answered), or an older session of
    the order was paid after a newer one was started. None when unknown.
    """
    if not facts.session_id:
        return None
    order = Order.objects.filter(provider="stripe", provider_reference=facts.session_id).first()
    if order is None and facts.order_id is not None:
        order = Order.objects.filter(pk=facts.order_id, provider="stripe").first()
    if order is None:
        return None
    if order.provider_reference not in ("", facts.session_id):
        logger.warning("order %s paid by session %s, not its latest", order.pk, facts.session_id)
    changed = {"provider_reference": facts.session_id}
    if facts.payment_reference:
        changed["payment_reference"] = facts.payment_reference
    Order.objects.filter(pk=order.pk).update(**changed)
    order.refresh_from_db()
    return order


def amount_matches(order: Order, facts: SessionFacts) -> bool:
    return facts.amount_minor == order.money.minor_units and facts.currency == order.currency


def order_for_payment(payment_reference: str) -> Order | None:
    if not payment_reference:
        return None
    return Order.objects.filter(provider="stripe", payment_reference=payment_reference).first()

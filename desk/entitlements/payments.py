"""Provider payments end to end: receive a webhook event, apply it exactly once, reconcile, refund.

The webhook only verifies and stores (`receive_payment_event`) and answers; a task applies the
event (`process_payment_event`) under the event row's lock, and the order's own conditional
updates make the grant and the revocation happen once, whatever the number, order and
concurrency of deliveries. A refund or dispute that arrives before the payment it names waits
(`deferred`) and is applied right after that payment, or by `reconcile_payments`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Final

from django.db import transaction

from desk.accounts.models import User
from desk.billing import errors as billing_errors
from desk.billing import payment_events
from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus, StripeEvent
from desk.billing.providers import WebhookProvider, get_provider
from desk.core import clock
from desk.entitlements import services, tasks
from desk.entitlements.revocation import revoke_order

logger = logging.getLogger(__name__)

SESSION_PAID_EVENTS: Final = frozenset(
    {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
)
SESSION_FAILED_EVENT: Final = "checkout.session.async_payment_failed"
REFUNDED_EVENT: Final = "charge.refunded"
DISPUTED_EVENT: Final = "charge.dispute.created"
DEFERRED: Final = "deferred"
# A refund/dispute whose payment is still unknown after this long is not ours (another product
# on the same Stripe account): it is closed as `unknown_payment` instead of retried forever.
DEFER_LIMIT: Final = timedelta(days=7)


def receive_payment_event(
    *, provider_code: str, payload: bytes, headers: Mapping[str, str]
) -> StripeEvent:
    """Verify and store a provider callback once; process it in a task after commit.

    Raises `webhook_signature_invalid` / `webhook_not_configured` (nothing stored). A repeated
    delivery of an event not processed yet enqueues it again (harmless: processing is once).
    """
    provider = get_provider(provider_code)
    if not isinstance(provider, WebhookProvider):
        raise billing_errors.unknown_provider()
    event = provider.verify_webhook(payload, headers)
    with transaction.atomic():
        stored, _ = payment_events.record_event(event)
        if stored.processed_at is None:
            tasks.enqueue_payment_event(stored.event_id)
    return stored


def process_payment_event(*, event_id: str) -> str:
    """Apply a stored event once; returns its outcome ("duplicate" when done before)."""
    with transaction.atomic():
        event = payment_events.lock_unprocessed_event(event_id)
        if event is None:
            return "duplicate"
        outcome = _apply(event)
        if outcome == DEFERRED:
            payment_events.note_event_outcome(event=event, outcome=outcome)
        else:
            payment_events.mark_event_processed(event=event, outcome=outcome)
        payment = event.payment_reference if event.type in SESSION_PAID_EVENTS else ""
    if payment and outcome != DEFERRED:
        # Refunds or disputes of this payment that arrived first can be applied now.
        for waiting in payment_events.unprocessed_event_ids(payment_reference=payment):
            if waiting != event_id:
                process_payment_event(event_id=waiting)
    return outcome


def _apply(event: StripeEvent) -> str:
    if event.type in SESSION_PAID_EVENTS or event.type == SESSION_FAILED_EVENT:
        return _apply_session(event)
    if event.type == REFUNDED_EVENT:
        charge = event.payload.get("data", {}).get("object", {})
        if not charge.get("refunded"):
            return "partial_refund"  # our policy: only a full refund takes the purchase back
        return _revoke_payment(event, OrderStatus.REFUNDED)
    if event.type == DISPUTED_EVENT:
        return _revoke_payment(event, OrderStatus.DISPUTED)
    return "ignored"


def _apply_session(event: StripeEvent) -> str:
    facts = payment_events.session_facts(event.payload)
    order = payment_events.attach_session(facts=facts)
    if order is None:
        logger.error("stripe event %s: no order for session %s", event.event_id, facts.session_id)
        return "unknown_order"
    if event.type == SESSION_FAILED_EVENT:
        return "failed" if billing_services.cancel_order(order_id=order.pk) else "not_pending"
    if not payment_events.amount_matches(order, facts):
        logger.error("stripe event %s: amount differs from order %s", event.event_id, order.pk)
        return "amount_mismatch"
    if not facts.is_paid:
        return "awaiting_payment"  # an asynchronous method: `async_payment_*` follows
    return (
        "fulfilled"
        if services.confirm_payment(order_id=order.pk, by_provider=True)
        else "already_paid"
    )


def _revoke_payment(event: StripeEvent, status: str) -> str:
    order = payment_events.order_for_payment(event.payment_reference)
    if order is None:
        if clock.now() - event.received_at > DEFER_LIMIT:
            return "unknown_payment"
        return DEFERRED
    return "revoked" if revoke_order(order_id=order.pk, status=status) else "already_revoked"


def reconcile_payments() -> dict[str, int]:
    """Finish what a crash or a lost task left: stored events not processed yet, then orders
    marked paid but never fulfilled. Reads stored facts only (no call to the provider)."""
    events = 0
    for event_id in payment_events.unprocessed_event_ids():
        if process_payment_event(event_id=event_id) not in ("duplicate", DEFERRED):
            events += 1
    orders = sum(
        1
        for order_id in billing_services.paid_unfulfilled_order_ids()
        if services.fulfil_order(order_id=order_id)
    )
    return {"events": events, "orders": orders}


def refund_order(*, order_id: int, by: User) -> bool:
    """Staff refund a paid order: the provider gives the money back, the purchase is taken back.

    The provider call comes first and outside any transaction (it is idempotent per order); if
    it fails nothing changes (`provider_unavailable`). Raises `order_not_refundable` unless paid.
    Returns False when a concurrent refund (or the provider's webhook) revoked it first.
    """
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise billing_errors.order_not_found()
    if order.status != OrderStatus.PAID:
        raise billing_errors.order_not_refundable()
    get_provider(order.provider).refund(order)
    revoked = revoke_order(order_id=order.pk, status=OrderStatus.REFUNDED)
    logger.info("order %s refunded by user %s (revoked now: %s)", order.pk, by.pk, revoked)
    return revoked

"""Stripe events applied exactly once: out of order, lost tasks, refunds and disputes."""

from datetime import timedelta

import pytest

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus, StripeEvent
from desk.billing.tests.stripe_fakes import (
    checked_out_order,
    dispute_event,
    refund_event,
    session_event,
    sign,
    use_stripe_test_keys,
)
from desk.core import clock
from desk.entitlements import payments
from desk.entitlements.models import (
    CreditBalance,
    CreditDeficit,
    CreditEntry,
    CreditReason,
    Subscription,
)
from desk.entitlements.services import consume_credit


@pytest.fixture(autouse=True)
def _stripe_keys(settings):
    use_stripe_test_keys(settings)


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Receive a signed payload as the webhook does, running the processing task after commit."""

    def deliver(payload: bytes) -> StripeEvent:
        with django_capture_on_commit_callbacks(execute=True):
            stored = payments.receive_payment_event(
                provider_code="stripe",
                payload=payload,
                headers={"Stripe-Signature": sign(payload)},
            )
        stored.refresh_from_db()
        return stored

    return deliver


@pytest.fixture
def lost_tasks(monkeypatch):
    """The task queue loses every processing task (a worker crash)."""
    monkeypatch.setattr("desk.entitlements.tasks.enqueue_payment_event", lambda event_id: None)


def balance(customer, priority="urgent"):
    row = CreditBalance.objects.filter(customer=customer, priority=priority).first()
    return row.remaining if row else 0


def test_refund_before_payment_waits_and_then_revokes(alice, deliver):
    # given the refund arrives first
    order = checked_out_order(alice, "incident-urgent", quantity=2)
    refund = deliver(refund_event(order, "evt_refund"))
    assert (refund.outcome, refund.processed_at) == ("deferred", None)
    # when the payment arrives
    paid = deliver(session_event(order, "evt_paid"))
    # then it was fulfilled, and the waiting refund took it back
    refund.refresh_from_db()
    order.refresh_from_db()
    assert (paid.outcome, refund.outcome) == ("fulfilled", "revoked")
    assert refund.processed_at is not None
    assert order.status == OrderStatus.REFUNDED
    assert balance(alice) == 0
    assert list(CreditEntry.objects.filter(order=order).values_list("reason", "delta")) == [
        (CreditReason.REFUND, -2),
        (CreditReason.PURCHASE, 2),
    ]


def test_async_success_before_completed_fulfils_once(alice, deliver):
    order = checked_out_order(alice)
    first = deliver(session_event(order, "evt_2", "checkout.session.async_payment_succeeded"))
    second = deliver(session_event(order, "evt_1", payment_status="paid"))
    assert (first.outcome, second.outcome) == ("fulfilled", "already_paid")
    assert balance(alice) == 1


def test_async_method_waits_for_its_outcome(alice, deliver):
    order = checked_out_order(alice)
    completed = deliver(session_event(order, "evt_c", payment_status="unpaid"))
    order.refresh_from_db()
    assert (completed.outcome, order.status) == ("awaiting_payment", OrderStatus.PENDING)
    failed = deliver(session_event(order, "evt_f", "checkout.session.async_payment_failed"))
    order.refresh_from_db()
    assert (failed.outcome, order.status) == ("failed", OrderStatus.CANCELLED)
    assert balance(alice) == 0


def test_an_amount_other_than_the_order_grants_nothing(alice, deliver):
    order = checked_out_order(alice)
    event = deliver(session_event(order, "evt_cheap", amount=100))
    order.refresh_from_db()
    assert (event.outcome, order.status) == ("amount_mismatch", OrderStatus.PENDING)
    assert balance(alice) == 0


def test_payment_of_an_order_cancelled_meanwhile_still_grants(alice, deliver):
    order = checked_out_order(alice)
    billing_services.cancel_order(order_id=order.pk)
    event = deliver(session_event(order, "evt_late"))
    order.refresh_from_db()
    assert (event.outcome, order.status) == ("fulfilled", OrderStatus.PAID)
    assert balance(alice) == 1


def test_a_session_found_by_client_reference_when_its_id_was_not_saved(alice, deliver):
    # given the process died after Stripe created the session, before its id was saved
    order = checked_out_order(alice)
    Order.objects.filter(pk=order.pk).update(provider_reference="")
    # when
    event = deliver(session_event(order, "evt_ref", session_id="cs_test_lost"))
    # then
    order.refresh_from_db()
    assert (event.outcome, order.provider_reference, order.status) == (
        "fulfilled",
        "cs_test_lost",
        OrderStatus.PAID,
    )


def test_an_unknown_session_is_recorded_and_closed(alice, deliver):
    order = checked_out_order(alice)
    Order.objects.filter(pk=order.pk).update(provider="offline")
    event = deliver(session_event(order, "evt_foreign"))
    assert (event.outcome, event.processed_at is not None) == ("unknown_order", True)


def test_a_lost_task_is_done_by_reconciliation_once(alice, deliver, lost_tasks):
    # given the event was stored but its task was lost
    order = checked_out_order(alice, "incident-urgent", quantity=2)
    event = deliver(session_event(order, "evt_lost"))
    assert event.processed_at is None
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    # when reconciliation runs, twice
    first = payments.reconcile_payments()
    second = payments.reconcile_payments()
    # then
    assert (first, second) == ({"events": 1, "orders": 0}, {"events": 0, "orders": 0})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert balance(alice) == 2


def test_reconciliation_fulfils_a_paid_order_that_never_was(alice):
    order = checked_out_order(alice)
    billing_services.mark_order_paid(order_id=order.pk, by=None)  # a crash after this line
    assert payments.reconcile_payments() == {"events": 0, "orders": 1}
    assert payments.reconcile_payments() == {"events": 0, "orders": 0}
    order.refresh_from_db()
    assert order.fulfilled_at is not None
    assert order.invoice is not None
    assert balance(alice) == 1


def test_a_refund_of_a_payment_never_seen_is_closed_after_a_week(alice, deliver, monkeypatch):
    order = checked_out_order(alice)
    event = deliver(refund_event(order, "evt_stray"))
    assert event.outcome == "deferred"
    later = clock.now() + timedelta(days=8)
    monkeypatch.setattr("desk.core.clock.now", lambda: later)
    payments.reconcile_payments()
    event.refresh_from_db()
    assert (event.outcome, event.processed_at) == ("unknown_payment", later)


def test_refund_after_partial_use_withdraws_the_rest_and_records_the_deficit(alice, deliver):
    # given 3 credits bought, 2 already used
    order = checked_out_order(alice, "incident-urgent", quantity=3)
    deliver(session_event(order, "evt_paid"))
    consume_credit(customer=alice, priority="urgent", ticket_id=101)
    consume_credit(customer=alice, priority="urgent", ticket_id=102)
    # when the payment is refunded
    event = deliver(refund_event(order, "evt_refund"))
    # then the unused credit is withdrawn, the used ones are flagged, the balance is zero
    assert event.outcome == "revoked"
    assert balance(alice) == 0
    withdrawal = CreditEntry.objects.get(order=order, reason=CreditReason.REFUND)
    assert withdrawal.delta == -1
    deficit = CreditDeficit.objects.get(order=order)
    assert (deficit.customer, deficit.priority, deficit.count) == (alice, "urgent", 2)


def test_refund_and_dispute_revoke_once(alice, deliver):
    order = checked_out_order(alice, "incident-normal")
    deliver(session_event(order, "evt_paid"))
    outcomes = [
        deliver(refund_event(order, "evt_r")).outcome,
        deliver(dispute_event(order, "evt_d")).outcome,
        deliver(refund_event(order, "evt_r")).outcome,
    ]
    assert outcomes == ["revoked", "already_revoked", "revoked"]  # the third is the stored row
    assert StripeEvent.objects.count() == 3
    assert CreditEntry.objects.filter(order=order, reason=CreditReason.REFUND).count() == 1


def test_a_partial_refund_keeps_the_purchase(alice, deliver):
    order = checked_out_order(alice)
    deliver(session_event(order, "evt_paid"))
    event = deliver(refund_event(order, "evt_part", refunded=False))
    order.refresh_from_db()
    assert (event.outcome, order.status) == ("partial_refund", OrderStatus.PAID)
    assert balance(alice) == 1


def test_a_dispute_ends_the_subscription(alice, deliver):
    order = checked_out_order(alice, "subscription-1y")
    deliver(session_event(order, "evt_paid"))
    event = deliver(dispute_event(order, "evt_dispute"))
    order.refresh_from_db()
    subscription = Subscription.objects.get(store=order.store)
    assert (event.outcome, order.status) == ("revoked", OrderStatus.DISPUTED)
    assert not subscription.is_active

"""The Stripe webhook: verified with the SDK, stored once, fulfilled once in a task."""

import json
import time

import pytest
from django.test import Client

from desk.billing.models import Order, OrderStatus, StripeEvent
from desk.billing.tests.concurrency import run_concurrently
from desk.billing.tests.stripe_fakes import (
    checked_out_order,
    post_webhook,
    session_event,
    sign,
    use_stripe_test_keys,
)
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription
from desk.outbox.models import OutboxMail


@pytest.fixture(autouse=True)
def _stripe_keys(settings):
    use_stripe_test_keys(settings)


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run after-commit work (the processing task) inside a test transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def credits(customer, priority="urgent"):
    balance = CreditBalance.objects.filter(customer=customer, priority=priority).first()
    return balance.remaining if balance else 0


def test_a_paid_session_is_stored_and_fulfilled(client, alice, run_tasks):
    # given
    order = checked_out_order(alice, "incident-urgent", quantity=2)
    payload = session_event(order, "evt_1")
    # when
    with run_tasks():
        response = post_webhook(client, payload)
    # then
    assert (response.status_code, response.json()) == (200, {"received": "evt_1"})
    event = StripeEvent.objects.get()
    assert (event.type, event.session_id, event.payment_reference, event.outcome) == (
        "checkout.session.completed",
        f"cs_test_{order.pk}",
        f"pi_test_{order.pk}",
        "fulfilled",
    )
    assert event.processed_at is not None
    order.refresh_from_db()
    assert (order.status, order.payment_reference) == (OrderStatus.PAID, f"pi_test_{order.pk}")
    assert order.fulfilled_at is not None
    assert order.invoice.amount == order.amount
    assert credits(alice) == 2
    assert OutboxMail.objects.filter(template="order_paid").count() == 1
    assert not OutboxMail.objects.filter(template="invoice_issued").exists()


@pytest.mark.parametrize(
    ("signature", "case"),
    [
        (None, "missing"),
        ("t=1,v1=deadbeef", "wrong"),
        ("sign-with-other-secret", "other secret"),
        ("altered", "altered body"),
        ("old", "older than the tolerance"),
    ],
)
def test_a_bad_signature_is_400_and_stores_nothing(client, alice, run_tasks, signature, case):
    order = checked_out_order(alice)
    payload = session_event(order, "evt_bad")
    if signature == "sign-with-other-secret":
        signature = sign(payload, secret="whsec_other")
    elif signature == "altered":
        signature = sign(payload)
        payload = payload.replace(b'"paid"', b'"paid" ')
    elif signature == "old":
        signature = sign(payload, timestamp=int(time.time()) - 301)
    with run_tasks():
        response = post_webhook(client, payload, signature)
    assert response.status_code == 400, case
    assert response.json()["code"] == "webhook_signature_invalid"
    assert not StripeEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_webhook_is_csrf_exempt_and_post_only(alice, run_tasks):
    client = Client(enforce_csrf_checks=True)
    order = checked_out_order(alice)
    with run_tasks():
        response = post_webhook(client, session_event(order, "evt_csrf"))
    assert response.status_code == 200
    assert client.get("/webhooks/stripe/").status_code == 405


def test_a_replay_of_a_stored_event_older_than_the_tolerance_is_refused(client, alice, run_tasks):
    # given an event delivered once
    order = checked_out_order(alice)
    payload = session_event(order, "evt_replay")
    with run_tasks():
        post_webhook(client, payload)
    # when an attacker replays it with its old signature after the tolerance
    stale = sign(payload, timestamp=int(time.time()) - 3600)
    response = post_webhook(client, payload, stale)
    # then
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 1
    assert credits(alice) == 1


def test_five_deliveries_fulfil_once(client, alice, run_tasks):
    order = checked_out_order(alice, "incident-urgent", quantity=3)
    payload = session_event(order, "evt_dup")
    for _ in range(5):
        with run_tasks():
            assert post_webhook(client, payload).status_code == 200
    assert StripeEvent.objects.count() == 1
    assert credits(alice) == 3
    assert CreditEntry.objects.filter(order=order).count() == 1


def test_without_a_webhook_secret_everything_is_refused(client, alice, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    order = checked_out_order(alice)
    response = post_webhook(client, session_event(order, "evt_x"), sign(b"{}", secret=""))
    assert (response.status_code, response.json()["code"]) == (400, "webhook_not_configured")
    assert not StripeEvent.objects.exists()


def test_a_body_that_is_not_an_event_is_refused(client, db):
    payload = json.dumps(["not", "an", "event"]).encode()
    response = post_webhook(client, payload)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_crash_between_verification_and_commit_stores_nothing(alice, monkeypatch, run_tasks):
    # given the database fails right after the event row was written, before the commit
    order = checked_out_order(alice)
    payload = session_event(order, "evt_crash")
    client = Client(raise_request_exception=False)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("desk.entitlements.tasks.enqueue_payment_event", crash)
    # when
    with run_tasks():
        response = post_webhook(client, payload)
    # then Stripe sees a failure and will deliver again; nothing was kept
    assert response.status_code == 500
    assert not StripeEvent.objects.exists()
    # and the redelivery is stored and fulfilled once
    monkeypatch.undo()
    with run_tasks():
        assert post_webhook(client, payload).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert credits(alice) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_deliveries_fulfil_once(alice):
    # given three deliveries one after the other, then two at the same time
    order = checked_out_order(alice, "incident-urgent", quantity=2)
    payload = session_event(order, "evt_race")
    statuses = [post_webhook(Client(), payload).status_code for _ in range(3)]
    # when
    results = run_concurrently(lambda i: post_webhook(Client(), payload).status_code, 2)
    # then
    assert statuses + results == [200] * 5
    assert StripeEvent.objects.count() == 1
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert credits(alice) == 2
    assert CreditEntry.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_completed_and_async_succeeded_racing_fulfil_once(alice):
    order = checked_out_order(alice, "subscription-1m")
    payloads = [
        session_event(order, "evt_a", "checkout.session.completed"),
        session_event(order, "evt_b", "checkout.session.async_payment_succeeded"),
    ]
    results = run_concurrently(lambda i: post_webhook(Client(), payloads[i]).status_code, 2)
    assert results == [200, 200]
    order = Order.objects.get(pk=order.pk)
    assert order.status == OrderStatus.PAID
    outcomes = sorted(StripeEvent.objects.values_list("outcome", flat=True))
    assert outcomes == ["already_paid", "fulfilled"]
    assert Subscription.objects.get(store=order.store).events.count() == 1

"""Deliveries against a real HTTP receiver: signed, retried with backoff on timeouts and 500s,
at least once per event id and never twice at once, given up after N attempts, endpoints
disabled after K failed events in a row (with a mail to whoever registered them)."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import override_settings

from desk.outbox.models import OutboxMail
from desk.webhooks import delivery, services, tasks
from desk.webhooks.models import DeliveryState, EventType, WebhookAttempt, WebhookDelivery


def emit(deliver_mail, event_type=EventType.ORDER_PAID, **data):
    with deliver_mail():
        event = services.emit_event(event_type, {"order": {"id": 7, **data}})
    assert event is not None
    return event


def test_a_delivery_is_signed_and_names_its_event(receiver, endpoint, deliver_mail):
    # when
    event = emit(deliver_mail, amount="139.00")
    # then
    assert len(receiver.received) == 1
    got = receiver.received[0]
    body = json.loads(got.body)
    assert got.signature_ok
    assert got.headers["Supportdesk-Event-Id"] == str(event.id) == body["id"]
    assert got.headers["Supportdesk-Event-Type"] == "order.paid"
    assert body["data"] == {"order": {"id": 7, "amount": "139.00"}}
    sent = WebhookDelivery.objects.get(event=event)
    assert (sent.state, sent.attempts) == (DeliveryState.SUCCEEDED, 1)
    attempt = sent.attempt_log.get()
    assert (attempt.status_code, attempt.error, attempt.response_excerpt) == (200, "", "thanks")


def test_a_wrong_secret_does_not_verify(receiver, endpoint, deliver_mail):
    # given
    receiver.secret = "whsec_someone-else"
    # when
    event = emit(deliver_mail)
    # then
    assert receiver.received[0].signature_ok is False
    assert WebhookDelivery.objects.get(event=event).state == DeliveryState.PENDING


@override_settings(DESK_WEBHOOK_TIMEOUT_SECONDS=1, DESK_WEBHOOK_RETRY_BASE_SECONDS=30)
def test_a_receiver_that_times_out_is_retried_later(receiver, endpoint, deliver_mail, clock):
    # given
    receiver.script = ["slow"]
    receiver.slow_seconds = 2.5
    # when
    event = emit(deliver_mail)
    pending = WebhookDelivery.objects.get(event=event)
    early = tasks.deliver_due_webhooks.call()
    clock.advance(seconds=31)
    retried = tasks.deliver_due_webhooks.call()
    # then
    assert early == 0
    assert retried == 1
    first, second = WebhookAttempt.objects.filter(delivery=pending).order_by("number")
    assert first.status_code is None
    assert first.error.startswith("fetch_timeout")
    assert first.duration_ms < 2000
    assert second.status_code == 200
    assert pending.next_attempt_at == first.started_at + timedelta(seconds=30)
    pending.refresh_from_db()
    assert pending.state == DeliveryState.SUCCEEDED
    assert {r.headers["Supportdesk-Event-Id"] for r in receiver.received} == {str(event.id)}


@override_settings(DESK_WEBHOOK_RETRY_BASE_SECONDS=10)
def test_a_500_backs_off_exponentially_then_recovers(receiver, endpoint, deliver_mail, clock):
    # given
    receiver.script = ["fail", "fail"]
    # when
    event = emit(deliver_mail)
    clock.advance(seconds=11)
    tasks.deliver_due_webhooks.call()
    row = WebhookDelivery.objects.get(event=event)
    waited = row.next_attempt_at - clock()
    clock.advance(seconds=19)
    not_yet = tasks.deliver_due_webhooks.call()
    clock.advance(seconds=2)
    tasks.deliver_due_webhooks.call()
    # then
    assert timedelta(seconds=19) < waited <= timedelta(seconds=20)
    assert not_yet == 0
    row.refresh_from_db()
    assert (row.state, row.attempts) == (DeliveryState.SUCCEEDED, 3)
    codes = list(row.attempt_log.order_by("number").values_list("status_code", flat=True))
    assert codes == [500, 500, 200]
    assert row.attempt_log.get(number=1).response_excerpt == '{"error": "boom"}'
    assert endpoint.__class__.objects.get(pk=endpoint.pk).consecutive_failures == 0


def test_a_delivered_event_is_not_sent_again(receiver, endpoint, deliver_mail, clock):
    # given
    event = emit(deliver_mail)
    row = WebhookDelivery.objects.get(event=event)
    # when
    again = delivery.deliver(row.pk)
    clock.advance(days=1)
    swept = tasks.deliver_due_webhooks.call()
    # then
    assert again == DeliveryState.SUCCEEDED
    assert swept == 0
    assert len(receiver.received) == 1


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(receiver, endpoint, clock):
    # given: stored but not yet sent (no commit ran), then claimed by a worker
    event = services.emit_event(EventType.CALL_BOOKED, {"call": {"id": 1}})
    row = WebhookDelivery.objects.get(event=event)
    WebhookDelivery.objects.filter(pk=row.pk).update(claimed_until=clock() + timedelta(minutes=2))
    # when
    state = delivery.deliver(row.pk)
    # then
    assert state == DeliveryState.PENDING
    assert receiver.received == []
    assert not WebhookAttempt.objects.exists()


def test_manual_redelivery_sends_the_same_event_again(
    receiver, endpoint, deliver_mail, staff_admin
):
    # given
    event = emit(deliver_mail)
    row = WebhookDelivery.objects.get(event=event)
    # when
    services.redeliver(actor=staff_admin, delivery=row)
    # then
    first, second = receiver.received
    assert first.body == second.body
    assert second.headers["Supportdesk-Event-Id"] == str(event.id)
    assert row.attempt_log.get(number=2).is_manual


@override_settings(DESK_WEBHOOK_MAX_ATTEMPTS=2, DESK_WEBHOOK_DISABLE_AFTER_FAILED_EVENTS=2)
def test_an_endpoint_is_disabled_after_failed_events_in_a_row(
    receiver, endpoint, deliver_mail, clock, staff_admin
):
    # given
    receiver.script = ["fail"] * 4
    # when: two events, each given up after two attempts
    for _ in range(2):
        with deliver_mail():
            emit(deliver_mail)
            clock.advance(minutes=5)
            tasks.deliver_due_webhooks.call()
    after = services.emit_event(EventType.ORDER_PAID, {"order": {"id": 8}})
    # then
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None
    assert list(WebhookDelivery.objects.values_list("state", flat=True)) == [
        DeliveryState.FAILED,
        DeliveryState.FAILED,
    ]
    assert len(receiver.received) == 4
    assert after is None
    notice = OutboxMail.objects.get(template="webhook_disabled")
    assert notice.recipient == staff_admin


def test_nothing_is_stored_for_an_event_nobody_listens_to(staff_admin, receiver):
    # given
    services.register_endpoint(
        actor=staff_admin, url=receiver.url, event_types=[EventType.CALL_BOOKED]
    )
    # when
    event = services.emit_event(EventType.ORDER_PAID, {"order": {"id": 1}})
    # then
    assert event is None
    assert not WebhookDelivery.objects.exists()

"""Sending one delivery: claim it, POST the signed event through the guarded fetcher, log the
attempt, then succeed, retry later (exponential backoff) or give up.

At least once: a delivery stays pending until an answer in 2xx, and a worker that dies holding
it loses its claim when the lease ends (the sweeper picks it up). Never twice at once: a
conditional UPDATE claims it for one worker. The body and the event id are the same on every
attempt, so a receiver that saw the id already can answer 2xx and do nothing.
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import datetime, timedelta
from typing import Final

from django.conf import settings
from django.db.models import Q

from desk.core import clock
from desk.core.fetching import FetchError, FetchResult, fetch, policy_from_settings
from desk.webhooks import notices, services, signing
from desk.webhooks.models import DeliveryState, WebhookAttempt, WebhookDelivery

EXCERPT_CHARS: Final = 1000
LEASE_SECONDS: Final = 120


def body_of(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    document = {
        "id": str(event.id),
        "type": event.type,
        "created_at": event.created_at.isoformat().replace("+00:00", "Z"),
        "data": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: base, 2×base, 4×base … (at most a day)."""
    seconds = settings.DESK_WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 86_400))


def _claim(delivery_id: int, now: datetime, *, manual: bool) -> bool:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    rows = WebhookDelivery.objects.filter(free, pk=delivery_id)
    if not manual:
        rows = rows.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
    return rows.update(claimed_until=now + timedelta(seconds=LEASE_SECONDS)) == 1


def deliver(delivery_id: int, *, manual: bool = False) -> str:
    """One attempt of the delivery if it is due (or `manual`) and nobody else holds it; the
    delivery's state afterwards."""
    now = clock.now()
    if not _claim(delivery_id, now, manual=manual):
        state = WebhookDelivery.objects.filter(pk=delivery_id).values_list("state", flat=True)
        return state.first() or ""
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    if not delivery.endpoint.is_active and not manual:
        _finish(delivery, DeliveryState.FAILED)
        return DeliveryState.FAILED
    attempt = _send(delivery, manual=manual)
    delivery.attempts += 1
    if attempt.is_success:
        _finish(delivery, DeliveryState.SUCCEEDED, delivered_at=attempt.started_at)
        services.record_success(delivery.endpoint_id)
    elif manual and delivery.state != DeliveryState.PENDING:
        _finish(delivery, delivery.state)  # a manual retry of a finished delivery: log only
    elif delivery.attempts >= settings.DESK_WEBHOOK_MAX_ATTEMPTS:
        _finish(delivery, DeliveryState.FAILED)
        limit = settings.DESK_WEBHOOK_DISABLE_AFTER_FAILED_EVENTS
        if services.record_given_up(delivery.endpoint_id, disable_after=limit):
            notices.tell_endpoint_disabled(delivery.endpoint, failed_events=limit)
    else:
        delivery.next_attempt_at = clock.now() + retry_delay(delivery.attempts)
        _finish(delivery, DeliveryState.PENDING)
        from desk.webhooks import tasks

        tasks.schedule_delivery(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.state


def _finish(delivery: WebhookDelivery, state: str, *, delivered_at: datetime | None = None) -> None:
    delivery.state = state
    delivery.claimed_until = None
    fields = ["state", "attempts", "next_attempt_at", "claimed_until"]
    if delivered_at is not None:
        delivery.delivered_at = delivered_at
        fields.append("delivered_at")
    delivery.save(update_fields=fields)


def _send(delivery: WebhookDelivery, *, manual: bool) -> WebhookAttempt:
    body = body_of(delivery)
    started_at = clock.now()
    headers = {
        "Content-Type": "application/json",
        signing.SIGNATURE_HEADER: signing.sign(
            delivery.endpoint.secret, body, int(started_at.timestamp())
        ),
        signing.EVENT_ID_HEADER: str(delivery.event_id),
        signing.EVENT_TYPE_HEADER: delivery.event.type,
    }
    # No redirects: a POST must not turn into a GET elsewhere; a 3xx is a failed attempt.
    policy = dataclasses.replace(
        policy_from_settings(),
        timeout_seconds=float(settings.DESK_WEBHOOK_TIMEOUT_SECONDS),
        max_redirects=0,
    )
    began = time.monotonic()
    result: FetchResult | None = None
    error = ""
    try:
        result = fetch(
            delivery.endpoint.url, method="POST", headers=headers, body=body, policy=policy
        )
    except FetchError as exc:
        error = f"{exc.code}: {exc.message}"[:200]
    duration_ms = int((time.monotonic() - began) * 1000)
    return WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts + 1,
        started_at=started_at,
        status_code=result.status if result else None,
        duration_ms=duration_ms,
        error=error,
        response_excerpt=result.body[:EXCERPT_CHARS].decode("utf-8", "replace") if result else "",
        is_manual=manual,
    )


def due_delivery_ids(limit: int = 200) -> list[int]:
    """Pending deliveries due now whose claim (if any) ran out: lost tasks, retries, crashes."""
    now = clock.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    return list(
        WebhookDelivery.objects.filter(free, state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )

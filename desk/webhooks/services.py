"""Every state change of outgoing webhooks: register, enable/disable, emit, redeliver.

`emit_event` is called by the services of other rooms (tickets, the reply clock, billing,
calls) inside the transaction of the change it reports: the event and its deliveries are
stored with the change or not at all, and sending starts after commit (`transaction.on_commit`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F

from desk.accounts.models import User
from desk.core import clock, sealing
from desk.core.fetching import check_url
from desk.webhooks import errors, signing
from desk.webhooks.models import (
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)


def _check_staff(user: User) -> None:
    if not (user.is_active and (user.is_engineer or user.is_superuser)):
        raise errors.not_allowed()


def check_event_types(event_types: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(event_types))
    if not chosen:
        raise errors.no_event_types()
    if any(kind not in EventType.values for kind in chosen):
        raise errors.unknown_event_type()
    return chosen


def register_endpoint(
    *, actor: User, url: str, event_types: Iterable[str], description: str = ""
) -> WebhookEndpoint:
    """A new endpoint with a generated signing secret. The URL is refused with the fetcher's
    code (`fetch_scheme_refused`: https only in production, `fetch_address_refused`: private or
    reserved addresses, `fetch_invalid_url`, `fetch_unresolvable`); nothing is saved then."""
    _check_staff(actor)
    description = description.strip()
    if len(description) > 200 or "\x00" in description:
        raise errors.invalid_description()
    chosen = check_event_types(event_types)
    if len(url) > 500:
        raise errors.url_too_long()
    url = check_url(url)
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        event_types=chosen,
        created_by=actor,
        created_at=clock.now(),
    )
    endpoint.secret = signing.new_secret()  # sealed on save, bound to the endpoint's id
    endpoint.save()
    return endpoint


def set_endpoint_active(*, actor: User, endpoint: WebhookEndpoint, active: bool) -> None:
    """Turn an endpoint off, or on again (which also forgets its failures in a row)."""
    _check_staff(actor)
    fields: dict[str, Any] = {"is_active": active}
    if active:
        fields |= {"consecutive_failures": 0, "disabled_at": None}
    else:
        fields["disabled_at"] = clock.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(**fields)


def emit_event(type: EventType, data: Mapping[str, Any]) -> WebhookEvent | None:
    """Record the event and one delivery per active endpoint subscribed to `type`, in the
    caller's transaction; each delivery is sent after commit. None when no endpoint listens."""
    endpoint_ids = [
        endpoint.pk
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).only("event_types")
        if type in endpoint.event_types
    ]
    if not endpoint_ids:
        return None
    payload = json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder))
    event = WebhookEvent.objects.create(type=type, payload=payload, created_at=clock.now())
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, endpoint_id=pk, next_attempt_at=event.created_at)
        for pk in endpoint_ids
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _schedule_all(ids))
    return event


def _schedule_all(delivery_ids: list[int]) -> None:
    from desk.webhooks import tasks

    for delivery_id in delivery_ids:
        tasks.schedule_delivery(delivery_id)


def redeliver(*, actor: User, delivery: WebhookDelivery) -> None:
    """Send `delivery` again now (also one that succeeded or gave up): same event id and body,
    one more attempt marked manual. Its endpoint must be active."""
    _check_staff(actor)
    if not WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, is_active=True).exists():
        raise errors.endpoint_disabled()
    from desk.webhooks import delivery as sending

    sending.deliver(delivery.pk, manual=True)


def record_given_up(endpoint_id: int, *, disable_after: int) -> bool:
    """Count one more event the endpoint did not take; True when this disabled the endpoint."""
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint_id, is_active=True, consecutive_failures__gte=disable_after
    ).update(is_active=False, disabled_at=clock.now())
    if disabled:
        logger.warning(
            "webhook endpoint %s disabled after %s failed events", endpoint_id, disable_after
        )
    return disabled == 1


def record_success(endpoint_id: int) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id, consecutive_failures__gt=0).update(
        consecutive_failures=0
    )


def rotate_keys() -> int:
    """Re-seal every signing secret not under the first key of DESK_SECRETS_KEYS. Safe to run
    twice; returns how many were re-sealed."""
    return sealing.reseal_stale(WebhookEndpoint.objects.all())

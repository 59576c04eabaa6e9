"""Loads with the permission check: staff (engineers, superusers) only; anyone else 404."""

from __future__ import annotations

from desk.accounts.models import User
from desk.webhooks import errors
from desk.webhooks.models import WebhookDelivery, WebhookEndpoint


def _is_staff(user: User) -> bool:
    return user.is_active and (user.is_engineer or user.is_superuser)


def access_endpoint(user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None or not _is_staff(user):
        raise errors.endpoint_not_found()
    return endpoint


def access_delivery(user: User, delivery_id: int) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or not _is_staff(user):
        raise errors.delivery_not_found()
    return delivery

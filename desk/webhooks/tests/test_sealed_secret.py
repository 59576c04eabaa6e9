"""Signing secrets are sealed at rest, bound to their endpoint, and follow key rotation; a
delivery signed after rotation still verifies with the secret the receiver was given."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from desk.webhooks import services
from desk.webhooks.models import EventType, WebhookEndpoint

KEY_OLD = base64.urlsafe_b64encode(b"p" * 32).decode()
KEY_NEW = base64.urlsafe_b64encode(b"q" * 32).decode()


def _register(staff_admin, url="http://127.0.0.1:9/in"):
    return services.register_endpoint(
        actor=staff_admin, url=url, event_types=[EventType.ORDER_PAID]
    )


def test_the_signing_secret_is_not_stored_in_the_clear(staff_admin):
    # given a registered endpoint
    endpoint = _register(staff_admin)
    secret = endpoint.secret
    # when its row is read as it lies on disk
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM webhooks_webhookendpoint WHERE id = %s", [endpoint.pk])
        row = cursor.fetchone()
    # then the secret is nowhere in it, yet the model gives it back
    assert secret.startswith("whsec_")
    assert secret not in repr(row)
    blobs = [bytes(value) for value in row if isinstance(value, bytes | memoryview)]
    assert blobs
    assert all(secret.encode() not in blob for blob in blobs)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret


def test_a_secret_copied_onto_another_endpoint_does_not_open(staff_admin):
    first = _register(staff_admin, "http://127.0.0.1:9/a")
    second = _register(staff_admin, "http://127.0.0.1:9/b")
    WebhookEndpoint.objects.filter(pk=second.pk).update(
        key_id=first.key_id, sealed_secret=first.sealed_secret
    )
    with pytest.raises(ImproperlyConfigured):
        _ = WebhookEndpoint.objects.get(pk=second.pk).secret


def test_rotating_keys_reseals_signing_secrets(staff_admin, settings):
    settings.DESK_SECRETS_KEYS = [KEY_OLD]
    endpoint = _register(staff_admin)
    secret = endpoint.secret
    settings.DESK_SECRETS_KEYS = [KEY_NEW, KEY_OLD]
    call_command("server_access", "--rotate-keys")
    assert services.rotate_keys() == 0
    settings.DESK_SECRETS_KEYS = [KEY_NEW]
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret

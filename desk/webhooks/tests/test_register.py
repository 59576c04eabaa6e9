"""Registering endpoints: staff only, known events, and a URL the production fetcher may reach
(https only, no private or reserved address), refused with the fetcher's codes."""

from __future__ import annotations

import pytest
from django.test import override_settings

from desk.core.errors import DeskError
from desk.webhooks import services
from desk.webhooks.models import WebhookEndpoint

PRODUCTION = {"DESK_FETCH_ALLOW_HTTP": False, "DESK_FETCH_ALLOWED_NETWORKS": []}


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://93.184.215.14/hooks", "fetch_scheme_refused"),
        ("https://10.0.0.5/hooks", "fetch_address_refused"),
        ("https://127.0.0.1:8443/hooks", "fetch_address_refused"),
        ("https://169.254.169.254/latest", "fetch_address_refused"),
        ("https://[::ffff:192.168.1.1]/", "fetch_address_refused"),
        ("https://user:pw@93.184.215.14/", "fetch_invalid_url"),
        ("ftp://93.184.215.14/", "fetch_scheme_refused"),
        ("hooks", "fetch_invalid_url"),
    ],
)
def test_production_refuses_unsafe_urls_with_a_code(staff_admin, url, code):
    with override_settings(**PRODUCTION), pytest.raises(DeskError) as refused:
        services.register_endpoint(actor=staff_admin, url=url, event_types=["order.paid"])

    assert refused.value.code == code
    assert not WebhookEndpoint.objects.exists()


def test_production_takes_a_public_https_address(staff_admin):
    with override_settings(**PRODUCTION):
        endpoint = services.register_endpoint(
            actor=staff_admin,
            url=" https://93.184.215.14/hooks ",
            event_types=["order.paid", "order.paid", "call.booked"],
        )

    assert endpoint.url == "https://93.184.215.14/hooks"
    assert endpoint.event_types == ["order.paid", "call.booked"]
    assert endpoint.secret.startswith("whsec_")
    assert len(endpoint.secret) > 40


@pytest.mark.parametrize(
    ("event_types", "code"),
    [([], "webhook_no_event_types"), (["order.lost"], "webhook_unknown_event_type")],
)
def test_event_types_are_checked(staff_admin, event_types, code):
    with pytest.raises(DeskError) as refused:
        services.register_endpoint(
            actor=staff_admin, url="https://93.184.215.14/", event_types=event_types
        )

    assert refused.value.code == code
    assert not WebhookEndpoint.objects.exists()


def test_customers_cannot_register(alice):
    with pytest.raises(DeskError) as refused:
        services.register_endpoint(actor=alice, url="https://93.184.215.14/", event_types=["x"])

    assert refused.value.code == "webhook_not_allowed"
    assert not WebhookEndpoint.objects.exists()

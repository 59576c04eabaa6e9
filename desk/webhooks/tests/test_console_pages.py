"""The console's webhook pages: register, read the log, send again, disable and enable."""

from __future__ import annotations

from django.test import Client

from desk.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_register_an_endpoint_and_read_its_log(
    engineer_en, receiver, deliver_mail, django_capture_on_commit_callbacks
):
    # given
    client = signed_in(engineer_en.user)
    # when
    created = client.post(
        "/console/webhooks/", {"url": receiver.url, "event_types": ["order.paid"]}
    )
    endpoint = WebhookEndpoint.objects.get()
    receiver.secret = endpoint.secret
    from desk.webhooks import services

    with deliver_mail():
        services.emit_event("order.paid", {"order": {"id": 3}})  # type: ignore[arg-type]
    page = client.get(f"/console/webhooks/{endpoint.pk}/").content.decode()
    # then
    assert created.status_code == 302
    assert endpoint.secret in page
    assert "order.paid" in page
    assert ">200<" in page
    assert receiver.received[0].signature_ok


def test_a_refused_url_shows_its_message_and_saves_nothing(engineer_en, settings):
    # given
    settings.DESK_FETCH_ALLOW_HTTP = False
    settings.DESK_FETCH_ALLOWED_NETWORKS = []
    # when
    response = signed_in(engineer_en.user).post(
        "/console/webhooks/", {"url": "https://10.1.2.3/hook", "event_types": ["order.paid"]}
    )
    # then
    assert response.status_code == 200
    assert "private or reserved network" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_redeliver_and_toggle(engineer_en, endpoint, receiver, deliver_mail):
    # given
    from desk.webhooks import services

    with deliver_mail():
        services.emit_event("order.paid", {"order": {"id": 3}})  # type: ignore[arg-type]
    delivery = WebhookDelivery.objects.get()
    client = signed_in(engineer_en.user)
    # when
    resent = client.post(f"/console/webhooks/deliveries/{delivery.pk}/redeliver/")
    off = client.post(f"/console/webhooks/{endpoint.pk}/active/", {"active": "0"})
    refused = client.post(f"/console/webhooks/deliveries/{delivery.pk}/redeliver/")
    # then
    assert (resent.status_code, off.status_code, refused.status_code) == (302, 302, 302)
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 2
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert len(receiver.received) == 2


def test_customers_do_not_see_webhooks(alice, endpoint):
    client = signed_in(alice)

    assert client.get("/console/webhooks/").status_code == 404
    assert client.get(f"/console/webhooks/{endpoint.pk}/").status_code == 404

"""The request page: raising an open request to Hotrush, and the notice that a resolved request
closes itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.tests.builders import open_request

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def alice_store(alice):
    return store_services.add_store(customer=alice, url="alice-shop.example")


@pytest.fixture
def alice_ticket(alice, alice_store):
    """On a monthly subscription (Hotrush on demand)."""
    paid_order(alice, "subscription-1m", store=alice_store)
    return open_request(alice, alice_store)


@pytest.fixture
def alice_incident(alice, alice_store):
    """On a Normal incident credit (no Hotrush)."""
    paid_order(alice, "incident-normal")
    return open_request(alice, alice_store)


def test_the_page_offers_hotrush_and_raising_it_works(client, alice, alice_ticket):
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    assert b"data-hotrush" in page.content

    response = client.post(reverse("portal:ticket_hotrush", args=[alice_ticket.pk]))

    assert response.status_code == 302
    alice_ticket.refresh_from_db()
    assert alice_ticket.is_hotrush is True
    assert TicketEvent.objects.filter(ticket=alice_ticket, kind=EventKind.HOTRUSH).count() == 1
    page = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    assert b"data-hotrush" not in page.content


def test_a_normal_incident_is_told_why_not_and_refused(client, alice, alice_incident):
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[alice_incident.pk]))
    assert b"data-hotrush-not-allowed" in page.content
    assert b"data-hotrush>" not in page.content

    response = client.post(reverse("portal:ticket_hotrush", args=[alice_incident.pk]))

    alice_incident.refresh_from_db()
    assert alice_incident.is_hotrush is False
    [message] = list(get_messages(response.wsgi_request))
    assert "code-hotrush_not_allowed" in message.tags
    assert not TicketEvent.objects.filter(ticket=alice_incident, kind=EventKind.HOTRUSH).exists()


def test_someone_elses_request_is_not_found(client, bob, alice_ticket):
    client.force_login(bob)
    response = client.post(reverse("portal:ticket_hotrush", args=[alice_ticket.pk]))
    assert response.status_code == 404
    alice_ticket.refresh_from_db()
    assert alice_ticket.is_hotrush is False


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_resolved_request_says_when_it_closes_itself(
    client, alice, alice_ticket, engineer_en, clock, settings, language
):
    # given Alice (Europe/Berlin) with a request resolved now
    alice.language = language
    alice.save(update_fields=["language"])
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)
    client.force_login(alice)

    page = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))

    closing = page.context["closing"]
    assert closing.close_at == clock.current + timedelta(days=settings.DESK_AUTO_CLOSE_DAYS)
    text = page.content.decode()
    assert 'data-notice="auto-close"' in text
    assert ("closes itself on" if language == "en" else "закроется сам ") in text

"""The console moves a request to another department, and shows why routing left one in the
queue."""

from __future__ import annotations

from django.urls import reverse

from desk.accounts.models import Department
from desk.tickets.models import EventKind, TicketEvent
from desk.tickets.tests.builders import next_moscow, open_request


def test_an_engineer_moves_a_request_to_customer_service(client, alice_ticket, engineer_en):
    client.force_login(engineer_en.user)

    response = client.post(
        reverse("console:ticket_department", args=[alice_ticket.pk]),
        {"department": "customer-service"},
    )

    assert response.status_code == 302
    alice_ticket.refresh_from_db()
    assert alice_ticket.department == Department.objects.get(code="customer-service")
    event = TicketEvent.objects.get(ticket=alice_ticket, kind=EventKind.DEPARTMENT)
    assert (event.from_value, event.to_value, event.actor) == (
        "technical-support",
        "customer-service",
        engineer_en.user,
    )


def test_the_reason_a_request_was_not_routed_is_on_the_page_and_in_the_queue(
    client, alice, alice_store, alice_subscription, engineer_en, clock, settings
):
    # given: a Russian request and nobody who speaks Russian
    settings.DESK_ROUTING_ENABLED = True
    clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store, language="ru")
    client.force_login(engineer_en.user)

    # when
    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    queue = client.get(reverse("console:queue")).content.decode()

    # then
    reason = "No engineer of this department speaks the request&#x27;s language."
    assert reason in page
    assert reason in queue

from __future__ import annotations

from django.urls import reverse

from desk.tickets import services
from desk.tickets.models import Message, Ticket, TicketEvent
from desk.tickets.tests.builders import upload


def test_admin_shows_a_request_with_its_conversation_and_history(
    client, staff_admin, alice_ticket, engineer_en
):
    # given
    services.add_note(
        ticket=alice_ticket, engineer=engineer_en, body="Admin sees notes", attachments=[upload()]
    )
    client.force_login(staff_admin)

    # when
    listing = client.get(reverse("admin:tickets_ticket_changelist"))
    page = client.get(reverse("admin:tickets_ticket_change", args=[alice_ticket.pk]))
    files = client.get(reverse("admin:tickets_attachment_changelist"))

    # then
    assert listing.status_code == 200
    assert alice_ticket.subject in listing.content.decode()
    assert page.status_code == 200
    content = page.content.decode()
    assert "Admin sees notes" in content
    assert "Request opened" in content
    assert files.status_code == 200
    assert "screenshot.png" in files.content.decode()


def test_admin_cannot_add_edit_or_delete_requests_or_history(client, staff_admin, alice_ticket):
    # given
    client.force_login(staff_admin)
    before = (Ticket.objects.count(), Message.objects.count(), TicketEvent.objects.count())

    # when
    add = client.get(reverse("admin:tickets_ticket_add"))
    edit = client.post(
        reverse("admin:tickets_ticket_change", args=[alice_ticket.pk]), {"subject": "Changed"}
    )
    delete = client.post(
        reverse("admin:tickets_ticket_delete", args=[alice_ticket.pk]), {"post": "yes"}
    )

    # then
    assert add.status_code == 403
    assert edit.status_code == 403
    assert delete.status_code == 403
    alice_ticket.refresh_from_db()
    assert alice_ticket.subject == "Checkout page shows a PHP warning"
    after = (Ticket.objects.count(), Message.objects.count(), TicketEvent.objects.count())
    assert after == before

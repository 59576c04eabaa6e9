"""Held mail: one email to the account with a link; nothing charged or appended until the
customer confirms it in the portal; staff see every held mail."""

from __future__ import annotations

import pytest

from desk.entitlements.models import CreditBalance
from desk.mail.models import InboundMessage
from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.outbox.models import OutboxMail
from desk.outbox.reply_tokens import reply_address
from desk.tickets.models import Message, Ticket


@pytest.fixture
def held(alice, alice_store, alice_normal_credit) -> InboundMessage:
    receipt = receive_mail(raw=raw_mail(authenticated=False, body="Forged?"), mailbox="pipe")
    assert receipt.state == "held"
    return InboundMessage.objects.get(id=receipt.inbound_id or 0)


def _credits(user) -> int:
    return sum(CreditBalance.objects.filter(customer=user).values_list("remaining", flat=True))


def test_held_mail_sends_one_notice_to_the_account_with_a_link(alice, held):
    notice = OutboxMail.objects.get(template="inbound_held")
    assert notice.recipient_email == alice.email
    assert notice.context["confirm_url"].endswith(f"/mail/held/{held.pk}/")
    assert notice.auto_submitted == "auto-replied"
    assert (Ticket.objects.count(), _credits(alice)) == (0, 1)


def test_customer_confirms_and_the_request_opens_only_then(client, alice, held):
    client.force_login(alice)
    page = client.get(f"/mail/held/{held.pk}/")
    assert page.status_code == 200
    assert "Forged?" in page.content.decode()
    response = client.post(f"/mail/held/{held.pk}/", {"action": "confirm"})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{ticket.pk}/"
    held.refresh_from_db()
    assert (held.state, held.reason, held.ticket_id) == (
        "opened",
        "confirmed_by_customer",
        ticket.pk,
    )
    assert _credits(alice) == 0
    # a second confirmation does nothing more
    assert client.post(f"/mail/held/{held.pk}/", {"action": "confirm"}).status_code == 404
    assert Ticket.objects.count() == 1


def test_customer_discards_and_nothing_happens(client, alice, held):
    client.force_login(alice)
    client.post(f"/mail/held/{held.pk}/", {"action": "discard"})
    held.refresh_from_db()
    assert (held.state, held.reason) == ("dropped", "discarded_by_customer")
    assert (Ticket.objects.count(), _credits(alice)) == (0, 1)


def test_nobody_else_can_see_or_confirm_it(client, bob, engineer_en, held):
    for user in (bob, engineer_en.user):
        client.force_login(user)
        assert client.get(f"/mail/held/{held.pk}/").status_code == 404
        assert client.post(f"/mail/held/{held.pk}/", {"action": "confirm"}).status_code == 404
    assert Ticket.objects.count() == 0


def test_staff_see_held_mail(client, engineer_en, alice, held):
    client.force_login(engineer_en.user)
    page = client.get("/console/mail/held/").content.decode()
    assert alice.email in page
    assert "sender not authenticated" in page


def test_customers_do_not_see_the_staff_list(client, alice, held):
    client.force_login(alice)
    assert client.get("/console/mail/held/").status_code == 404


def test_confirmed_stranger_reply_joins_the_request_as_the_customer(client, alice, alice_ticket):
    token = reply_address(ticket_id=alice_ticket.pk, user_id=alice.pk)
    raw = raw_mail(sender="colleague@alice-shop.example", to=token, body="From my colleague.")
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=token)
    before = Message.objects.count()
    client.force_login(alice)
    client.post(f"/mail/held/{receipt.inbound_id}/", {"action": "confirm"})
    message = alice_ticket.messages.order_by("-id").first()
    assert Message.objects.count() == before + 1
    assert (message.author, message.body) == (alice, "From my colleague.")


def test_unknown_action_changes_nothing(client, alice, held):
    client.force_login(alice)
    response = client.post(f"/mail/held/{held.pk}/", {"action": "explode"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == "held"

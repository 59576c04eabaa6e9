"""Threading: a valid reply token from the customer's address wins; headers only with an
authenticated sender who is the request's customer; anyone else is held for the customer."""

from __future__ import annotations

from desk.mail.models import InboundMessage, InboundState
from desk.mail.services import receive_mail
from desk.mail.tests.builders import PURCHASE_MAIL, raw_mail
from desk.outbox.headers import thread_message_id
from desk.outbox.models import OutboxMail
from desk.outbox.reply_tokens import reply_address
from desk.outbox.tests.builders import enqueue_reply
from desk.tickets.models import Message, Status


def test_reply_to_token_address_is_added_to_the_request(alice, alice_ticket):
    # given the reply address of Alice's request, used from her address (no DKIM needed)
    token = reply_address(ticket_id=alice_ticket.pk, user_id=alice.pk)
    raw = raw_mail(to=token, body="Here is more detail.", authenticated=False)
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=token)
    # then it is Alice's message on that request
    assert receipt.state == InboundState.ATTACHED
    message = alice_ticket.messages.order_by("-id").first()
    assert (message.author, message.body, message.kind) == (
        alice,
        "Here is more detail.",
        "customer",
    )
    assert InboundMessage.objects.get().ticket_message == message
    assert InboundMessage.objects.get().authenticated_by == "reply-token"


def test_reply_token_used_from_another_address_is_held_for_the_customer(alice, alice_ticket):
    # given the reply address of Alice's request, used from an address that is not hers
    token = reply_address(ticket_id=alice_ticket.pk, user_id=alice.pk)
    before = Message.objects.count()
    raw = raw_mail(sender="alice.archer@work.example", to=token, body="More detail.")
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=token)
    # then nothing is added: Alice is asked to confirm it
    assert (receipt.state, receipt.reason) == ("held", "not_participant")
    assert Message.objects.count() == before
    record = InboundMessage.objects.get()
    assert (record.held_for, record.ticket) == (alice, alice_ticket)
    notice = OutboxMail.objects.get(template="inbound_held")
    assert notice.recipient_email == "alice@example.com"


def test_reply_to_waiting_request_reopens_it(alice, alice_ticket, engineer_en):
    from desk.tickets import services as ticket_services

    ticket_services.reply(ticket=alice_ticket, engineer=engineer_en, body="Try this.")
    token = reply_address(ticket_id=alice_ticket.pk, user_id=alice.pk)
    receive_mail(raw=raw_mail(to=token, body="Did not help."), mailbox="pipe")
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN


def test_thread_headers_attach_when_the_sender_is_the_customer(alice, alice_ticket):
    # given a mail that only refers to the request's (signed) thread id
    extra = f"In-Reply-To: {thread_message_id(f'req-{alice_ticket.pk}')}"
    # when Alice sends it
    receipt = receive_mail(raw=raw_mail(extra=extra, body="Follow-up."), mailbox="pipe")
    # then it is added to her request
    assert receipt.state == InboundState.ATTACHED
    assert alice_ticket.messages.order_by("-id").first().body == "Follow-up."


def test_thread_headers_through_an_outbox_message_id(alice, alice_ticket):
    mail = enqueue_reply(alice, thread_ref=f"req-{alice_ticket.pk}")
    receipt = receive_mail(
        raw=raw_mail(extra=f"References: {mail.message_id}", body="Thanks"), mailbox="pipe"
    )
    assert receipt.state == InboundState.ATTACHED


def test_thread_headers_from_someone_else_are_held_for_the_customer(alice, bob, alice_ticket):
    # given Bob's mail referring to Alice's request by headers only
    extra = f"References: {thread_message_id(f'req-{alice_ticket.pk}')}"
    before = Message.objects.count()
    # when it arrives
    receipt = receive_mail(raw=raw_mail(sender="bob@example.com", extra=extra), mailbox="pipe")
    # then nothing is added to Alice's request; Alice is asked, and it is linked to the request
    assert (receipt.state, receipt.reason) == ("held", "not_participant")
    assert Message.objects.count() == before
    assert InboundMessage.objects.get().ticket == alice_ticket


def test_guessed_sequential_thread_ids_thread_nothing(alice, alice_ticket):
    # given the old, guessable thread id of Alice's request
    extra = f"In-Reply-To: <req-{alice_ticket.pk}@supportdesk.example>"
    before = alice_ticket.messages.count()
    # when authenticated mail from Alice refers to it
    receipt = receive_mail(raw=raw_mail(extra=extra, body="Follow-up."), mailbox="pipe")
    # then it is new mail (it opens a new request of hers), not a reply on this one
    assert receipt.state == InboundState.OPENED
    assert InboundMessage.objects.get().ticket_id not in (None, alice_ticket.pk)
    assert alice_ticket.messages.count() == before


def test_forged_token_is_not_a_thread(alice, bob, alice_ticket):
    # given Bob guessing a token for Alice's request
    forged = f"reply+{alice_ticket.pk}.{alice.pk}.{'0' * 24}@supportdesk.example"
    before = Message.objects.count()
    # when he mails it
    receipt = receive_mail(raw=raw_mail(sender="bob@example.com", to=forged), mailbox="pipe")
    # then it is treated as new mail from Bob (he has no store: review), not as Alice's reply
    assert (receipt.state, receipt.reason) == ("needs_review", "no_store")
    assert Message.objects.count() == before


def test_token_of_an_engineer_recipient_waits_for_review(alice_ticket, engineer_en):
    token = reply_address(ticket_id=alice_ticket.pk, user_id=engineer_en.user.pk)
    receipt = receive_mail(raw=raw_mail(sender="erin@supportdesk.example", to=token), mailbox="p")
    assert (receipt.state, receipt.reason) == ("needs_review", "token_not_customer")


def test_reply_to_closed_request_waits_for_review(alice, alice_ticket):
    from desk.tickets import services as ticket_services

    ticket_services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    token = reply_address(ticket_id=alice_ticket.pk, user_id=alice.pk)
    receipt = receive_mail(raw=raw_mail(to=token), mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("needs_review", "ticket_closed")
    assert (
        OutboxMail.objects.exclude(template__in=(*PURCHASE_MAIL, "ticket_opened")).get().template
        == "inbound_needs_review"
    )


def test_own_notification_coming_back_is_dropped(
    alice, alice_ticket, smtp_inbox, django_capture_on_commit_callbacks, counts
):
    # given a notification we really sent (read back from the SMTP server)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_reply(alice, thread_ref=f"req-{alice_ticket.pk}", reply_ticket_id=alice_ticket.pk)
    raw = smtp_inbox.received[0].raw
    before = counts()
    # when it comes back to us (a forwarding loop)
    receipt = receive_mail(
        raw=raw, mailbox="pipe", envelope_recipient="support@supportdesk.example"
    )
    # then it is stored as dropped, added to nothing and answered by nothing
    assert (receipt.state, receipt.reason) == ("dropped", "own_notification")
    assert counts() == {**before, "inbound": before["inbound"] + 1}

"""Inbound mail (issue 14; issue 10 point 1): our control headers from outside are stripped
before any step reads them; a reply from someone who is not a participant is held for the
customer ("Ticket Trick"); a corpus of forged senders never acts as the customer."""

from __future__ import annotations

import pytest

from desk.entitlements.models import CreditBalance
from desk.mail.models import InboundMessage
from desk.mail.services import receive_mail
from desk.mail.tests import dkim_keys
from desk.mail.tests.builders import raw_mail
from desk.outbox.headers import loop_value, thread_message_id
from desk.outbox.models import OutboxMail
from desk.outbox.reply_tokens import reply_address
from desk.outbox.tests.builders import enqueue_reply
from desk.tickets.models import Message, Ticket


@pytest.fixture
def customer(alice, alice_store, alice_normal_credit):
    """Alice: one store, one incident credit."""
    return alice


def _credits(user) -> int:
    return sum(CreditBalance.objects.filter(customer=user).values_list("remaining", flat=True))


def test_our_loop_header_from_outside_does_not_drop_a_customers_mail(customer):
    # given Alice's authenticated mail carrying our loop header (copied or forged)
    raw = raw_mail(extra="X-Supportdesk-Loop: supportdesk.example")
    # when it arrives / then it is stripped, and the mail opens her request
    receipt = receive_mail(raw=raw, mailbox="pipe")
    assert receipt.state == "opened"
    assert "X-Supportdesk-Loop" not in _stored_header_names(receipt)


def test_a_real_loop_header_copied_onto_another_message_is_stripped(customer):
    # given the genuine loop value of one of our mails, pasted on a new message
    mail = enqueue_reply(customer)
    raw = raw_mail(extra=f"X-Supportdesk-Loop: {loop_value(mail.message_id)}")
    receipt = receive_mail(raw=raw, mailbox="pipe")
    assert receipt.state == "opened"


@pytest.mark.parametrize(
    "header",
    [
        "X-Supportdesk-Recipient: reply+1.1.000000000000000000000000@supportdesk.example",
        "X-Supportdesk-Signature: sha256=00",
        "X-Supportdesk-Loop: supportdesk.example; sig=deadbeef",
    ],
)
def test_any_header_in_our_namespace_is_removed_before_the_steps(customer, header):
    receipt = receive_mail(raw=raw_mail(extra=header), mailbox="pipe")
    assert receipt.state == "opened"


def test_reply_token_outside_to_and_cc_threads_nothing(customer, alice_ticket):
    # given the real token of Alice's request, but only in headers a sender can invent
    token = reply_address(ticket_id=alice_ticket.pk, user_id=customer.pk)
    extra = f"Reply-To: {token}\r\nX-Original-To: {token}\r\nDelivered-To: {token}"
    before = alice_ticket.messages.count()
    receipt = receive_mail(
        raw=raw_mail(sender="stranger@evil.example", extra=extra), mailbox="pipe"
    )
    # then it is no reply on her request
    assert alice_ticket.messages.count() == before
    assert InboundMessage.objects.get(id=receipt.inbound_id or 0).ticket_id is None


def test_ticket_trick_a_third_party_writing_to_the_reply_address_is_held(customer, alice_ticket):
    # given a service sending its sign-up verification to the request's reply address
    token = reply_address(ticket_id=alice_ticket.pk, user_id=customer.pk)
    raw = raw_mail(
        sender="verify@chat.example",
        to=token,
        subject="Your verification code: 431-977",
        body="Click to verify the workspace of whoever signed up with this address.",
    )
    before = Message.objects.count()
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=token)
    # then nothing is appended: Alice is asked (one mail), staff see it held
    assert (receipt.state, receipt.reason) in {
        ("held", "not_participant"),
        ("automatic", "automatic_sender"),
    }
    assert Message.objects.count() == before


def test_ticket_trick_from_a_person_is_held_not_appended(customer, alice_ticket):
    token = reply_address(ticket_id=alice_ticket.pk, user_id=customer.pk)
    raw = raw_mail(sender="eve@attacker.example", to=token, body="Please send me the invoice.")
    before = Message.objects.count()
    receipt = receive_mail(raw=raw, mailbox="pipe", envelope_recipient=token)
    assert (receipt.state, receipt.reason) == ("held", "not_participant")
    assert Message.objects.count() == before
    assert OutboxMail.objects.get(template="inbound_held").recipient_email == customer.email


FORGED = {
    "plain forged From": lambda t, c: raw_mail(authenticated=False),
    "forged From, guessed thread id": lambda t, c: raw_mail(
        authenticated=False, extra=f"In-Reply-To: <req-{t.pk}@supportdesk.example>"
    ),
    "forged From, leaked thread root": lambda t, c: raw_mail(
        authenticated=False, extra=f"References: {thread_message_id(f'req-{t.pk}')}"
    ),
    "forged From, leaked Message-ID of our reply": lambda t, c: raw_mail(
        authenticated=False,
        extra=f"In-Reply-To: {enqueue_reply(c, thread_ref=f'req-{t.pk}').message_id}",
    ),
    "forged From, upper case": lambda t, c: raw_mail(
        sender="ALICE@EXAMPLE.COM", authenticated=False
    ),
    "Authentication-Results of another server": lambda t, c: (
        b"Authentication-Results: mx.evil.example; dmarc=pass header.from=example.com\r\n"
        + raw_mail(authenticated=False)
    ),
    "DKIM of the attacker's domain": lambda t, c: _signed_by("evil.example"),
    "display name holding the address": lambda t, c: raw_mail(
        sender='"alice@example.com" <mallory@evil.example>', authenticated=False
    ),
    "two From headers": lambda t, c: raw_mail(
        authenticated=False, extra="From: mallory@evil.example"
    ),
}


def _signed_by(domain: str) -> bytes:
    dkim_keys.publish(domain)
    return dkim_keys.sign(raw_mail(authenticated=False), domain)


@pytest.mark.parametrize("case", list(FORGED))
def test_forged_sender_corpus_never_acts_as_the_customer(customer, alice_ticket, case):
    # given Alice with a request and a credit, and a message only claiming to be hers
    raw = FORGED[case](alice_ticket, customer)
    tickets, messages = Ticket.objects.count(), Message.objects.count()
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe")
    # then no request is opened, nothing is appended, no credit is spent
    assert receipt.state in {"held", "quarantined", "needs_review"}, receipt
    assert (Ticket.objects.count(), Message.objects.count()) == (tickets, messages)
    assert _credits(customer) == 1


def _stored_header_names(receipt) -> list[str]:
    from desk.mail.parsing import parse_mail
    from desk.mail.pipeline import Inbound
    from desk.mail.steps import strip

    record = InboundMessage.objects.get(id=receipt.inbound_id or 0)
    mail = Inbound(raw=bytes(record.raw), mailbox="check", parsed=parse_mail(bytes(record.raw)))
    strip.run(mail)
    return [name for name, _ in mail.require_parsed().headers]

"""New mail: known customers get a request; unknown senders to Technical Support get one
pointer to the HelpDesk per week; anything else waits for review with one polite notice.
Mail to Customer Service and Sales: desk/mail/tests/test_department_mail.py."""

from __future__ import annotations

from desk.mail.models import InboundMessage, InboundState
from desk.mail.services import receive_mail
from desk.mail.tests.builders import PURCHASE_MAIL, raw_mail
from desk.outbox.models import OutboxMail
from desk.stores import services as store_services
from desk.tickets.models import Ticket


def _receive(raw: bytes, recipient: str = "support@supportdesk.example"):
    return receive_mail(raw=raw, mailbox="pipe", envelope_recipient=recipient)


def test_known_customer_opens_a_request(
    alice, alice_subscription, django_capture_on_commit_callbacks
):
    # given Alice with one store and a subscription
    # when she mails Technical Support
    receipt = _receive(raw_mail(subject="Checkout is broken", body="It shows an error."))
    # then a request is opened on her store, in her language, with her text
    assert (receipt.state, receipt.reason) == (InboundState.OPENED, "")
    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.store, ticket.subject, ticket.language) == (
        alice,
        alice_subscription.store,
        "Checkout is broken",
        "en",
    )
    assert ticket.department.code == "technical-support"
    assert ticket.messages.get().body == "It shows an error."
    record = InboundMessage.objects.get()
    assert (record.state, record.sender, record.ticket) == ("opened", "alice@example.com", ticket)
    # and nothing automatic is sent back
    assert OutboxMail.objects.exclude(template__in=PURCHASE_MAIL).count() == 0


def test_mail_to_customer_service_opens_a_request_there(alice, alice_subscription):
    receipt = _receive(raw_mail(to="helpdesk@supportdesk.example"), "helpdesk@supportdesk.example")
    assert receipt.state == InboundState.OPENED
    assert Ticket.objects.get().department.code == "customer-service"


def test_routing_uses_the_to_header_without_envelope_recipient(alice, alice_subscription):
    receipt = receive_mail(raw=raw_mail(to="Help <HelpDesk@supportdesk.example>"), mailbox="imap")
    assert receipt.state == InboundState.OPENED
    assert Ticket.objects.get().department.code == "customer-service"


def test_unknown_sender_to_technical_support_gets_one_pointer_a_week(db, clock):
    # given a stranger who writes to Technical Support twice
    first = _receive(raw_mail(sender="stranger@example.net", subject="Help"))
    second = _receive(raw_mail(sender="stranger@example.net", subject="Help again"))
    # then both are stored, no request is opened, and exactly one pointer is queued
    assert [first.state, second.state] == [InboundState.POINTED, InboundState.POINTED]
    assert Ticket.objects.count() == 0
    pointer = OutboxMail.objects.exclude(template__in=PURCHASE_MAIL).get()
    assert (pointer.template, pointer.recipient_email, pointer.auto_submitted) == (
        "helpdesk_pointer",
        "stranger@example.net",
        "auto-replied",
    )
    assert pointer.context["original_subject"] == "Help"
    assert pointer.in_reply_to.endswith("@mail.example.com>")
    # when he writes again after a week
    clock.advance(days=7, seconds=1)
    _receive(raw_mail(sender="stranger@example.net", subject="Third"))
    # then a second pointer goes out
    assert OutboxMail.objects.filter(template="helpdesk_pointer").count() == 2


def test_customer_without_entitlement_waits_for_review_with_one_notice(alice):
    # given Alice with a store but nothing bought
    store_services.add_store(customer=alice, url="alice-shop.example")
    # when she mails Technical Support twice
    receipts = [_receive(raw_mail()), _receive(raw_mail())]
    # then both wait for review, no request exists, one polite notice in her language
    assert [(r.state, r.reason) for r in receipts] == [("needs_review", "no_entitlement")] * 2
    assert Ticket.objects.count() == 0
    notice = OutboxMail.objects.exclude(template__in=PURCHASE_MAIL).get()
    assert (notice.template, notice.recipient, notice.language) == (
        "inbound_needs_review",
        alice,
        "en",
    )


def test_customer_with_two_stores_waits_for_review(alice, alice_subscription):
    store_services.add_store(customer=alice, url="alice-outlet.example")
    receipt = _receive(raw_mail())
    assert (receipt.state, receipt.reason) == ("needs_review", "store_unknown")
    assert Ticket.objects.count() == 0


def test_customer_without_store_waits_for_review(alice):
    receipt = _receive(raw_mail())
    assert (receipt.state, receipt.reason) == ("needs_review", "no_store")


def test_known_customer_to_sales_opens_a_request_there(alice, alice_subscription):
    # given Sales takes no web requests, but it reads its mail (PRODUCT.md §7)
    # when Alice mails Sales
    receipt = _receive(raw_mail(to="sales@supportdesk.example"), "sales@supportdesk.example")
    # then a request is opened in Sales
    assert (receipt.state, receipt.reason) == (InboundState.OPENED, "")
    assert Ticket.objects.get().department.code == "sales"


def test_a_request_by_mail_is_routed_like_one_from_the_web(
    alice, alice_subscription, engineer_en, engineer_ru, clock, settings
):
    # given: routing on, Monday 10:00 Moscow, a Russian-speaking engineer on shift
    from desk.tickets.tests.builders import next_moscow

    settings.DESK_ROUTING_ENABLED = True
    clock.current = next_moscow(0, 10)
    alice.language = "ru"
    alice.save(update_fields=["language"])

    # when
    receipt = _receive(raw_mail(subject="Корзина не работает", body="Ошибка при оплате."))

    # then
    assert receipt.state == InboundState.OPENED
    ticket = Ticket.objects.get()
    assert (ticket.language, ticket.assignee) == ("ru", engineer_ru)

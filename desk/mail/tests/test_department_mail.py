"""Mail to Customer Service and Sales (issue 12 point 7): new mail opens a department request
there, spending nothing, for the known customer the trust step let through or for an unknown
sender as a visitor answered by mail. The From header stays a claim: unauthenticated mail from
a customer's address is held for that customer, as for any department."""

from __future__ import annotations

from desk.accounts.models import User
from desk.entitlements.models import CreditEntry, UsageRecord
from desk.mail.models import InboundMessage, InboundState
from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.tickets.models import EntitlementKind, Ticket

SALES = "sales@supportdesk.example"
SERVICE = "helpdesk@supportdesk.example"


def _receive(raw: bytes, recipient: str):
    return receive_mail(raw=raw, mailbox="pipe", envelope_recipient=recipient)


def test_mail_to_sales_from_an_unknown_sender_opens_a_request(db):
    # when a prospect nobody knows writes to Sales
    receipt = _receive(
        raw_mail(sender="Bea Buyer <buyer@example.net>", to=SALES, subject="Ten licences"),
        SALES,
    )
    # then a Sales request is opened for them, on no entitlement, answered by mail
    assert (receipt.state, receipt.reason) == (InboundState.OPENED, "")
    ticket = Ticket.objects.get()
    assert (ticket.department.code, ticket.entitlement_kind, ticket.store) == (
        "sales",
        EntitlementKind.NONE,
        None,
    )
    assert ticket.reply_due_at is not None
    visitor = ticket.customer
    assert (visitor.email, visitor.is_active, visitor.has_usable_password()) == (
        "buyer@example.net",
        False,
        False,
    )
    assert InboundMessage.objects.get().ticket == ticket


def test_mail_in_russian_from_an_unknown_sender_is_answered_in_russian(db):
    _receive(raw_mail(sender="pokupatel@example.ru", to=SALES, subject="Цены на поддержку"), SALES)
    assert Ticket.objects.get().language == "ru"


def test_a_second_mail_from_the_same_visitor_is_a_second_request_of_theirs(db):
    _receive(raw_mail(sender="buyer@example.net", to=SALES, subject="First"), SALES)
    _receive(raw_mail(sender="buyer@example.net", to=SERVICE, subject="Second"), SERVICE)
    assert User.objects.filter(email="buyer@example.net").count() == 1
    assert sorted(Ticket.objects.values_list("department__code", flat=True)) == [
        "customer-service",
        "sales",
    ]


def test_a_customer_without_entitlement_mails_customer_service(alice):
    # given Alice, who bought nothing
    before = (CreditEntry.objects.count(), UsageRecord.objects.count())
    # when she mails Customer Service from her authenticated domain
    receipt = _receive(raw_mail(to=SERVICE, subject="Invoice address"), SERVICE)
    # then a request is opened in her account, spending nothing
    assert receipt.state == InboundState.OPENED
    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.department.code, ticket.entitlement_kind) == (
        alice,
        "customer-service",
        EntitlementKind.NONE,
    )
    assert (CreditEntry.objects.count(), UsageRecord.objects.count()) == before


def test_unauthenticated_mail_from_a_customers_address_is_held_not_opened(alice):
    # when mail claiming to be from Alice, with no proof of her domain, reaches Sales
    receipt = _receive(raw_mail(to=SALES, authenticated=False), SALES)
    # then it is held for Alice to confirm: no request, no visitor account
    assert receipt.state == InboundState.HELD
    assert Ticket.objects.count() == 0
    assert User.objects.count() == 1


def test_mail_to_technical_support_from_an_unknown_sender_still_gets_the_pointer(db):
    receipt = _receive(raw_mail(sender="stranger@example.net"), "support@supportdesk.example")
    assert receipt.state == InboundState.POINTED
    assert Ticket.objects.count() == 0
    assert not User.objects.exists()

"""Customer Service and Sales answer without a support entitlement (issue 12 point 7): nothing
is spent, the department's reply policy sets the due time, and the request never reaches
Technical Support's queue."""

from __future__ import annotations

import pytest

from desk.accounts.models import Department, User
from desk.accounts.services import create_engineer
from desk.core.errors import DeskError
from desk.entitlements.models import CreditEntry, Subscription, UsageRecord
from desk.outbox.models import OutboxMail
from desk.sla import services as sla
from desk.sla.models import Calendar
from desk.tickets import selectors, services
from desk.tickets.models import EntitlementKind, EventKind, Ticket, TicketEvent
from desk.tickets.tests.builders import at_moscow, next_moscow
from desk.tickets.visitor_links import access_visitor_ticket

PASSWORD = "correct horse battery staple"


def _department(code: str) -> Department:
    return Department.objects.get(code=code)


def _ledger() -> tuple[int, int, int, list[int]]:
    """Everything that spending support would change: credit entries, usage, subscriptions."""
    remaining = list(Subscription.objects.order_by("pk").values_list("pk", flat=True))
    return (CreditEntry.objects.count(), UsageRecord.objects.count(), len(remaining), remaining)


def test_a_customer_without_entitlement_writes_to_customer_service(alice, clock):
    # given Alice, who bought nothing, on a Monday at 10:00 Moscow
    clock.current = next_moscow(0, 10)
    before = _ledger()
    # when she writes to Customer Service
    ticket = services.open_department_request(
        customer=alice,
        department=_department("customer-service"),
        subject="Invoice address",
        body="Please put our VAT number on invoices.",
        language="en",
    )
    # then the request runs on no entitlement, names no store, and spends nothing
    ticket.refresh_from_db()
    assert (ticket.entitlement_kind, ticket.store, ticket.plan) == (
        EntitlementKind.NONE,
        None,
        None,
    )
    assert ticket.is_department_request
    assert _ledger() == before
    # and its reply is due as Customer Service's policy says (1 business day, support hours)
    due = sla.due_for(
        plan_id=None,
        is_hotrush=False,
        started_at=ticket.created_at,
        department_id=ticket.department_id,
    )
    assert due is not None
    assert ticket.reply_due_at == due.due_at
    assert due.target.calendar_id == Calendar.objects.get(code="support-hours").pk
    # and the history says how it was opened
    created = TicketEvent.objects.get(ticket=ticket, kind=EventKind.CREATED)
    assert (created.data["entitlement"], created.data["department"]) == ("none", "customer-service")
    # and the receipt promises that due time
    assert OutboxMail.objects.filter(template="ticket_opened", recipient=alice).count() == 1


def test_a_customer_with_a_subscription_spends_nothing_at_sales(alice, alice_subscription):
    # given Alice's subscription and its usage so far
    before = _ledger()
    # when she writes to Sales
    services.open_department_request(
        customer=alice,
        department=_department("sales"),
        subject="Second store",
        body="How much for a second store?",
        language="en",
    )
    # then no usage is recorded on her subscription
    assert _ledger() == before


def test_sales_answers_in_four_working_hours_of_office_hours(alice, clock):
    # given Friday 16:00 Moscow: two office hours left that day (09:00-18:00)
    clock.current = next_moscow(4, 16)
    # when Alice writes to Sales
    ticket = services.open_department_request(
        customer=alice,
        department=_department("sales"),
        subject="Pricing",
        body="A question before buying.",
        language="en",
    )
    # then the reply is due Monday 11:00 Moscow (2 hours Friday + 2 hours Monday)
    assert ticket.reply_due_at == at_moscow(clock.current, 3, 11)


def test_technical_support_still_needs_an_entitlement(alice):
    # when Alice, who bought nothing, tries Technical Support without an entitlement
    with pytest.raises(DeskError) as refused:
        services.open_department_request(
            customer=alice,
            department=_department("technical-support"),
            subject="Checkout broken",
            body="Error 500.",
            language="en",
        )
    # then it is refused with a stable code, and nothing is stored or sent
    assert (refused.value.code, refused.value.status) == ("department_needs_entitlement", 402)
    assert Ticket.objects.count() == 0
    assert OutboxMail.objects.filter(template="ticket_opened").count() == 0


def test_a_department_request_never_reaches_technical_support(alice, engineer_ru, settings, clock):
    # given routing on, Monday 10:00 Moscow, a Technical Support engineer and a Sales engineer
    settings.DESK_ROUTING_ENABLED = True
    clock.current = next_moscow(0, 10)
    seller = create_engineer(
        email="sam@supportdesk.example",
        password=PASSWORD,
        full_name="Sam Seller",
        department_codes=["sales"],
        speaks_en=True,
    )
    # when Alice writes to Sales
    ticket = services.open_department_request(
        customer=alice,
        department=_department("sales"),
        subject="Pricing",
        body="A question before buying.",
        language="en",
    )
    # then the Sales engineer has it, and Technical Support's queue does not show it
    ticket.refresh_from_db()
    assert ticket.assignee == seller
    queue = selectors.tickets_for_queue(engineer=engineer_ru, department="technical-support")
    assert ticket not in list(queue)
    assert list(selectors.tickets_for_queue(engineer=seller, department="sales")) == [ticket]
    # and staff cannot move it there
    staff = User.objects.create_superuser(email="boss@supportdesk.example", password=PASSWORD)
    with pytest.raises(DeskError) as refused:
        services.move_to_department(
            ticket=ticket, actor=staff, department=_department("technical-support")
        )
    assert refused.value.code == "department_needs_entitlement"
    ticket.refresh_from_db()
    assert ticket.department.code == "sales"


def test_a_visitor_writes_to_sales_without_an_account(db):
    # when someone with no account writes to Sales from the contact form
    ticket = services.write_as_visitor(
        email="Buyer@Example.net",
        name="Bea Buyer",
        department=_department("sales"),
        subject="Ten licences",
        body="Is there a volume discount?",
        language="ru",
    )
    # then a request is opened for an account that cannot sign in
    assert ticket is not None
    visitor = ticket.customer
    assert (visitor.email, visitor.full_name, visitor.language) == (
        "buyer@example.net",
        "Bea Buyer",
        "ru",
    )
    assert not visitor.is_active
    assert not visitor.has_usable_password()
    # and the receipt carries a signed follow-up link to that request
    receipt = OutboxMail.objects.get(template="ticket_opened")
    assert receipt.recipient_email == "buyer@example.net"
    token = receipt.context["ticket_url"].rstrip("/").rsplit("/", 1)[1]
    assert access_visitor_ticket(token) == ticket


def test_a_visitor_using_a_customers_address_opens_nothing(alice):
    # when someone types Alice's address into the contact form
    ticket = services.write_as_visitor(
        email="alice@example.com",
        name="Not Alice",
        department=_department("customer-service"),
        subject="Refund",
        body="Refund everything to my card.",
        language="en",
    )
    # then nothing is opened in her account; she alone hears of it, asked to sign in
    assert ticket is None
    assert Ticket.objects.count() == 0
    pointer = OutboxMail.objects.get(template="contact_sign_in")
    assert pointer.recipient == alice
    assert pointer.context["contact_url"].endswith("/contact/write/")

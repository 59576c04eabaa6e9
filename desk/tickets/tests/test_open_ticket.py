from __future__ import annotations

import pytest

from desk.accounts.models import Department
from desk.catalog.models import Plan
from desk.core.errors import DeskError
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason, UsageRecord
from desk.sla import services as sla_services
from desk.sla.deadlines import BusinessDays, working_due
from desk.tickets import services
from desk.tickets.models import EventKind, MessageKind, Status, TicketEvent
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request


def _balance(customer, priority: str) -> int:
    return CreditBalance.objects.get(customer=customer, priority=priority).remaining


def test_open_on_subscription_runs_on_the_stores_subscription(
    alice, alice_store, alice_subscription, clock
):
    # when
    ticket = open_request(alice, alice_store, subject="  Shipping\nrates  ")

    # then
    ticket.refresh_from_db()
    assert ticket.subject == "Shipping rates"
    assert ticket.status == Status.NEW
    assert ticket.entitlement_kind == "subscription"
    assert ticket.subscription_id == alice_subscription.pk
    assert ticket.plan is not None
    assert ticket.plan.code == "subscription-1m"
    assert ticket.credit_priority == ""
    assert ticket.credit_entry_id is None
    assert ticket.department.code == "technical-support"
    assert ticket.awaiting_reply_since == clock.current
    support_hours = sla_services.calendar_by_code("support-hours")
    assert support_hours is not None
    assert ticket.reply_due_at == working_due(support_hours, clock.current, BusinessDays(1))
    assert ticket.first_replied_at is None
    assert ticket.assignee_id is None
    assert list(UsageRecord.objects.values_list("subscription_id", "kind", "ticket_id")) == [
        (alice_subscription.pk, "request", ticket.pk)
    ]
    assert not CreditEntry.objects.filter(reason=CreditReason.CONSUME).exists()


def test_open_writes_the_first_message_and_a_created_event(alice, alice_store, alice_subscription):
    # when
    ticket = open_request(alice, alice_store, body="Body text", is_hotrush=True)

    # then
    message = ticket.messages.get()
    assert (message.kind, message.author_id, message.body) == (
        MessageKind.CUSTOMER,
        alice.pk,
        "Body text",
    )
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.kind, event.actor_id, event.to_value) == (EventKind.CREATED, alice.pk, "new")
    assert event.data == {
        "entitlement": "subscription",
        "plan": "subscription-1m",
        "credit_priority": "",
        "hotrush": True,
        "department": "technical-support",
        "message_id": message.pk,
    }


def test_open_on_credit_consumes_one_and_links_the_ledger_row(alice, alice_store, alice_credits):
    # when
    ticket = open_request(alice, alice_store)

    # then: Normal is used when there is one and Hotrush was not asked
    ticket.refresh_from_db()
    assert ticket.entitlement_kind == "incident"
    assert ticket.credit_priority == "normal"
    assert ticket.plan is not None
    assert ticket.plan.code == "incident-normal"
    assert ticket.subscription_id is None
    entry = CreditEntry.objects.get(reason=CreditReason.CONSUME)
    assert (entry.customer_id, entry.priority, entry.delta, entry.ticket_id) == (
        alice.pk,
        "normal",
        -1,
        ticket.pk,
    )
    assert ticket.credit_entry_id == entry.pk
    assert _balance(alice, "normal") == 0
    assert _balance(alice, "urgent") == 1
    assert not UsageRecord.objects.exists()


def test_open_without_normal_credit_uses_urgent(alice, alice_store, alice_urgent_credit):
    ticket = open_request(alice, alice_store)

    assert ticket.credit_priority == "urgent"
    assert ticket.plan is not None
    assert ticket.plan.code == "incident-urgent"
    assert _balance(alice, "urgent") == 0


def test_open_with_hotrush_prefers_urgent_credit(alice, alice_store, alice_credits):
    ticket = open_request(alice, alice_store, is_hotrush=True)

    assert (ticket.credit_priority, ticket.is_hotrush) == ("urgent", True)
    assert _balance(alice, "urgent") == 0
    assert _balance(alice, "normal") == 1


def test_open_with_credit_priority_uses_that_kind(alice, alice_store, alice_credits):
    ticket = open_request(alice, alice_store, credit_priority="urgent")

    assert ticket.credit_priority == "urgent"
    assert _balance(alice, "normal") == 1


def test_open_with_credit_priority_ignores_it_when_the_store_has_a_subscription(
    alice, alice_store, alice_subscription, alice_credits
):
    ticket = open_request(alice, alice_store, credit_priority="urgent")

    assert ticket.entitlement_kind == "subscription"
    assert (_balance(alice, "normal"), _balance(alice, "urgent")) == (1, 1)


def test_open_with_credit_priority_refuses_a_kind_not_owned(
    alice, alice_store, alice_normal_credit, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, credit_priority="urgent")

    assert (caught.value.code, caught.value.status) == ("no_incident_credit", 402)
    assert row_counts() == before


def test_open_without_entitlement_is_refused_with_402(alice, alice_store, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store)

    assert (caught.value.code, caught.value.status) == ("no_entitlement", 402)
    assert row_counts() == before


def test_subscription_of_another_store_does_not_cover_a_store(
    alice, alice_second_store, alice_subscription, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_second_store)

    assert caught.value.code == "no_entitlement"
    assert row_counts() == before


def test_expired_subscription_does_not_cover_the_store(
    alice, alice_store, alice_subscription, clock, row_counts
):
    clock.advance(days=32)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store)

    assert caught.value.code == "no_entitlement"
    assert row_counts() == before


@pytest.mark.parametrize("fixture", ["alice_subscription", "alice_urgent_credit"])
def test_hotrush_is_allowed_on_subscription_and_urgent_credit(request, alice, alice_store, fixture):
    request.getfixturevalue(fixture)

    ticket = open_request(alice, alice_store, is_hotrush=True)

    assert ticket.is_hotrush is True


def test_hotrush_on_a_normal_incident_is_refused(
    alice, alice_store, alice_normal_credit, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, is_hotrush=True)

    assert caught.value.code == "hotrush_not_allowed"
    assert row_counts() == before
    assert _balance(alice, "normal") == 1


def test_installation_on_an_incident_is_refused(alice, alice_store, alice_credits, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, category=Category.INSTALLATION)

    assert caught.value.code == "installation_needs_subscription"
    assert row_counts() == before


def test_installation_on_a_subscription_is_accepted(alice, alice_store, alice_subscription):
    ticket = open_request(alice, alice_store, category=Category.INSTALLATION)

    assert ticket.category == "installation"


def test_installation_is_refused_when_the_subscription_plan_excludes_it(
    alice, alice_store, alice_subscription
):
    Plan.objects.filter(code="subscription-1m").update(includes_installation=False)

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, category=Category.INSTALLATION)

    assert caught.value.code == "installation_needs_subscription"


def test_open_on_a_foreign_store_is_not_found(alice, bob_store, bob_subscription, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, bob_store)

    assert (caught.value.code, caught.value.status) == ("store_not_found", 404)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"subject": ""}, "invalid_subject"),
        ({"subject": " \n\t "}, "invalid_subject"),
        ({"subject": "x" * 201}, "invalid_subject"),
        ({"body": ""}, "invalid_body"),
        ({"body": "  \n "}, "invalid_body"),
        ({"body": "x" * 50_001}, "invalid_body"),
        ({"category": "data_migration"}, "invalid_category"),
        ({"language": "de"}, "invalid_language"),
        ({"credit_priority": "platinum"}, "invalid_credit_priority"),
    ],
)
def test_open_refuses_invalid_input(
    alice, alice_store, alice_subscription, row_counts, overrides, code
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, **overrides)

    assert caught.value.code == code
    assert row_counts() == before


def test_open_accepts_limits_exactly(alice, alice_store, alice_subscription):
    ticket = open_request(alice, alice_store, subject="s" * 200, body="b" * 50_000)

    assert len(ticket.subject) == 200
    assert len(ticket.messages.get().body) == 50_000


def test_open_in_customer_service(alice, alice_store, alice_subscription):
    department = Department.objects.get(code="customer-service")

    ticket = open_request(alice, alice_store, department=department, language="ru")

    assert (ticket.department.code, ticket.language) == ("customer-service", "ru")


def test_open_in_a_department_without_web_requests_is_refused(
    alice, alice_store, alice_subscription, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, department=Department.objects.get(code="sales"))

    assert caught.value.code == "invalid_department"
    assert row_counts() == before


def test_sales_takes_no_web_request_but_takes_mail(alice, alice_store, alice_subscription):
    # given the Sales department, which is reached by email only
    sales = Department.objects.get(code="sales")
    fields = {
        "customer": alice,
        "store": alice_store,
        "subject": "Volume pricing",
        "body": "Hello",
        "category": Category.BILLING,
        "language": "en",
        "department": sales,
    }
    # when the request comes through the HelpDesk, then it is refused
    with pytest.raises(DeskError) as caught:
        services.open_ticket(**fields)
    assert caught.value.code == "invalid_department"
    # when it comes by mail, then it opens in Sales
    ticket = services.open_ticket(**fields, via_email=True)
    assert ticket.department == sales

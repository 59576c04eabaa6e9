from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Model

from desk.accounts import services as account_services
from desk.accounts.models import Engineer, User
from desk.billing.models import Invoice, Order, OrderStatus
from desk.console import demo
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription
from desk.outbox.models import OutboxMail
from desk.stores.models import Store
from desk.tickets.models import Message, MessageKind, Status, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    models: list[type[Model]] = [
        User,
        Engineer,
        Store,
        Order,
        Invoice,
        Subscription,
        CreditEntry,
        Ticket,
        Message,
        TicketEvent,
        OutboxMail,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


def test_loads_people_stores_purchases_and_requests_in_every_status():
    # when
    output = load_demo()

    # then
    assert "Demo data loaded." in output
    assert Engineer.objects.count() == 3
    assert sorted(Engineer.objects.values_list("speaks_en", "speaks_ru")) == [
        (False, True),
        (True, False),
        (True, True),
    ]
    customers = User.objects.filter(engineer__isnull=True, is_staff=False, is_active=True)
    assert sorted(customers.values_list("email", "language", "time_zone")) == [
        ("anna.becker@example.com", "en", "Europe/Berlin"),
        ("dmitry.sokolov@example.com", "ru", "Asia/Yekaterinburg"),
    ]
    assert User.objects.filter(is_superuser=True).count() == 1
    assert Store.objects.filter(customer__email=demo.ANNA_EMAIL).count() == 2
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    for status in Status.values:
        assert Ticket.objects.filter(status=status).count() >= 1


def test_sells_a_subscription_credits_and_leaves_one_order_awaiting_payment():
    # when
    load_demo()

    # then
    subscription = Subscription.objects.get()
    assert subscription.is_active
    assert subscription.plan.code == "subscription-1y"
    assert subscription.store.canonical_url == "bikeparts-berlin.example"
    balances = CreditBalance.objects.filter(customer__email=demo.DMITRY_EMAIL)
    assert sorted(balances.values_list("priority", "remaining")) == [("normal", 1), ("urgent", 1)]
    pending = Order.objects.get(status=OrderStatus.PENDING)
    assert pending.plan is not None
    assert pending.plan.code == "subscription-1m"
    assert pending.invoice.number.startswith("INV-")
    assert Order.objects.filter(status=OrderStatus.PAID).count() == 3


def test_requests_show_hotrush_note_scope_bug_and_both_languages():
    # when
    load_demo()

    # then
    assert Ticket.objects.filter(is_hotrush=True).count() == 2
    assert Message.objects.filter(kind=MessageKind.NOTE).count() == 1
    assert Ticket.objects.get(out_of_scope=True).status == Status.RESOLVED
    assert Ticket.objects.exclude(bug_url="").get().status == Status.OPEN
    replies = Message.objects.filter(kind=MessageKind.REPLY)
    assert set(replies.values_list("ticket__language", flat=True)) == {"en", "ru"}


def test_customer_service_and_sales_each_have_a_request_without_entitlement():
    # when
    load_demo()

    # then Anna's invoice question went to Customer Service and a prospect wrote to Sales,
    # neither spending anything
    requests = Ticket.objects.filter(entitlement_kind="none").order_by("department__code")
    assert [(t.department.code, t.customer.email, t.store_id) for t in requests] == [
        ("customer-service", demo.ANNA_EMAIL, None),
        ("sales", demo.VISITOR_EMAIL, None),
    ]
    visitor = User.objects.get(email=demo.VISITOR_EMAIL)
    assert not visitor.is_active
    assert requests[1].messages.filter(kind=MessageKind.REPLY).count() == 1


def test_prints_logins_that_work():
    # when
    output = load_demo()

    # then
    assert f"password for all: {demo.DEMO_PASSWORD}" in output
    for login in demo.DEMO_LOGINS:
        assert login.email in output
        assert authenticate(email=login.email, password=demo.DEMO_PASSWORD) is not None


def test_second_run_changes_nothing():
    # given
    load_demo()
    before = snapshot()

    # when
    output = load_demo()

    # then
    assert "Demo data already loaded: nothing changed." in output
    assert demo.DEMO_PASSWORD in output
    assert snapshot() == before


def test_refuses_a_database_holding_only_some_demo_accounts():
    # given: someone signed up with a demo address
    account_services.register_customer(email=demo.ANNA_EMAIL, password=None)
    before = snapshot()

    # when / then
    with pytest.raises(CommandError, match="Load the demo into a fresh database"):
        load_demo()
    assert snapshot() == before

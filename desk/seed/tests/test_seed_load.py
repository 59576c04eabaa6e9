"""`seed_load` builds requests whose derived fields agree with what the services would have
written: due times from the SLA policies (checked against the clock service), history events,
SLA outcomes with their aggregate, fair-use usage, the credit ledger of incident customers, the
purchases copied from the prototypes, and the search index (found by the real search).

Runs on the test database of either engine (SQLite by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import importlib
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from desk.accounts.models import Engineer, User
from desk.billing.models import Invoice, InvoiceSequence, Order, OrderStatus
from desk.entitlements.models import (
    CreditBalance,
    CreditEntry,
    CreditReason,
    Subscription,
    SubscriptionEvent,
    UsageKind,
    UsageRecord,
)
from desk.search.models import SearchDocument
from desk.seed import loader
from desk.sla import services as sla
from desk.tickets import selectors, text_search
from desk.tickets.events import iso
from desk.tickets.models import (
    OPEN_STATUSES,
    SLA_OUTCOME_KINDS,
    BacklogChange,
    EntitlementKind,
    EventKind,
    Message,
    MessageKind,
    ReplyOutcome,
    Status,
    Ticket,
    TicketEvent,
)

REQUESTS = 600
backfill = importlib.import_module("desk.tickets.migrations.0014_backlog_change_aggregate")
pytestmark = pytest.mark.django_db  # the module's load below is rolled back at its end
SEEDED = Q(customer__email__endswith="@seed.example")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One load for the module (it is the slow part), in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_load", requests=REQUESTS, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def data(seeded, db):
    return seeded


def test_it_builds_the_requests_and_customers_it_says(data):
    assert f"requests {REQUESTS}," in data
    tickets = Ticket.objects.filter(SEEDED)
    assert tickets.count() == REQUESTS
    assert tickets.values("customer").distinct().count() > 10
    assert User.objects.filter(email__endswith="@seed.example").count() == REQUESTS // 20
    per_status = Counter(tickets.values_list("status", flat=True))
    assert all(per_status[status] > 0 for status in Status.values), per_status
    assert set(tickets.values_list("language", flat=True)) == {"en", "ru"}
    assert tickets.values("department").distinct().count() == 2
    kinds = Counter(tickets.values_list("entitlement_kind", "credit_priority"))
    assert kinds[(EntitlementKind.SUBSCRIPTION, "")] > 0
    assert kinds[(EntitlementKind.INCIDENT, "normal")] > 0
    assert kinds[(EntitlementKind.INCIDENT, "urgent")] > 0
    assert Message.objects.filter(kind=MessageKind.NOTE).exists()
    span = list(tickets.order_by("created_at").values_list("created_at", flat=True))
    assert (span[-1] - span[0]).days > 90  # several months of history


def test_every_request_has_its_history_and_message(data):
    tickets = Ticket.objects.filter(SEEDED)
    created = TicketEvent.objects.filter(ticket__in=tickets, kind=EventKind.CREATED)
    assert created.count() == REQUESTS
    asked = tickets.annotate(n=Count("messages", filter=Q(messages__kind="customer")))
    assert not asked.filter(n=0).exists()
    messages = {m.pk: m for m in Message.objects.filter(ticket__in=tickets)}
    for ticket in tickets.prefetch_related("events"):
        events = list(ticket.events.all())
        moves = [e for e in events if e.kind == EventKind.STATUS]
        last = max(moves, key=lambda e: (e.created_at, e.pk)).to_value if moves else Status.NEW
        assert ticket.status == last, ticket.pk
        assert ticket.updated_at == max(e.created_at for e in events if e.kind != "sla_breached")
        for event in events:
            if "message_id" in event.data:
                message = messages[event.data["message_id"]]
                assert (message.ticket_id, message.created_at) == (ticket.pk, event.created_at)
        opened = next(e for e in events if e.kind == EventKind.CREATED)
        assert opened.data["entitlement"] == ticket.entitlement_kind
        assert opened.data["credit_priority"] == ticket.credit_priority


def test_due_times_are_what_the_clock_service_computes(data):
    book = sla.PolicyBook()
    owed = Ticket.objects.filter(SEEDED, awaiting_reply_since__isnull=False)
    assert owed.count() > 10
    for ticket in owed:
        assert ticket.status in OPEN_STATUSES
        assert ticket.awaiting_reply_since is not None
        due = sla.due_for(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            started_at=ticket.awaiting_reply_since,
            book=book,
        )
        assert due is not None
        assert (ticket.reply_due_at, ticket.reply_left) == (due.due_at, due.budget)


def test_each_outcome_has_its_aggregate_row_and_every_clock_that_ended_has_one(data):
    outcomes = TicketEvent.objects.filter(kind__in=SLA_OUTCOME_KINDS)
    assert outcomes.count() == ReplyOutcome.objects.count() > 0
    book = sla.PolicyBook()
    for ticket in Ticket.objects.filter(SEEDED, first_replied_at__isnull=False):
        (first,) = outcomes.filter(ticket=ticket, data__first=True)
        # the outcome's due time is the policy's for the request's opening
        due = sla.due_for(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            started_at=ticket.created_at,
            book=book,
        )
        assert due is not None
        assert first.to_value == iso(due.due_at)
        replied = ticket.first_replied_at
        assert replied is not None
        assert (first.kind == EventKind.SLA_MET) == (replied <= due.due_at)
    now = Ticket.objects.order_by("-created_at")[0].created_at
    overdue = Ticket.objects.filter(SEEDED, reply_due_at__lt=now)
    assert overdue.exists()
    for ticket in overdue:
        breached = outcomes.filter(ticket=ticket, kind=EventKind.SLA_BREACHED)
        started = ticket.awaiting_reply_since
        assert started is not None
        assert breached.filter(from_value=iso(started)).exists()
    for row in ReplyOutcome.objects.select_related("event__ticket"):
        assert row.event.data["working_seconds_used"] == row.working_seconds_used
        assert row.department_id == row.event.ticket.department_id
        assert row.plan_id == row.event.ticket.plan_id
        assert row.recorded_at == row.event.created_at
        assert row.is_met == (row.event.kind == EventKind.SLA_MET)


def test_the_backlog_aggregate_is_what_its_backfill_makes_of_the_events(data):
    # given the load's aggregate: every quarter hour in one compacted row
    rows = list(BacklogChange.objects.order_by("bucket").values_list("bucket", "change"))
    assert len(rows) > 100
    assert not BacklogChange.objects.filter(is_compacted=False).exists()
    assert len({bucket for bucket, _ in rows}) == len(rows)
    # its total is the open count (every opening and status change of every request is in it)
    assert (
        sum(change for _, change in rows) == Ticket.objects.filter(status__in=OPEN_STATUSES).count()
    )
    # when the migration's backfill rebuilds it from the events
    BacklogChange.objects.all().delete()
    backfill.backfill_backlog_changes(apps, connection.schema_editor())
    # then the same rows
    assert list(BacklogChange.objects.order_by("bucket").values_list("bucket", "change")) == rows


def test_usage_and_subscriptions_cover_every_subscription_request(data):
    tickets = Ticket.objects.filter(SEEDED, entitlement_kind=EntitlementKind.SUBSCRIPTION)
    requests = UsageRecord.objects.filter(kind=UsageKind.REQUEST, ticket_id__in=tickets)
    assert requests.count() == tickets.count() > 0
    replies = UsageRecord.objects.filter(kind=UsageKind.REPLY, ticket_id__in=tickets)
    assert replies.count() == tickets.filter(first_replied_at__isnull=False).count()
    for ticket in tickets.select_related("subscription", "plan"):
        assert ticket.subscription is not None
        assert ticket.subscription.store_id == ticket.store_id
        assert ticket.subscription.plan_id == ticket.plan_id
        assert ticket.subscription.starts_at <= ticket.created_at < ticket.subscription.ends_at


def test_the_credit_ledger_sums_to_every_balance(data):
    incidents = Ticket.objects.filter(SEEDED, entitlement_kind=EntitlementKind.INCIDENT)
    assert incidents.count() > 10
    for ticket in incidents.select_related("credit_entry", "plan"):
        entry = ticket.credit_entry
        assert entry is not None
        assert (entry.reason, entry.delta, entry.ticket_id) == ("consume", -1, ticket.pk)
        assert (entry.customer_id, entry.priority) == (ticket.customer_id, ticket.credit_priority)
        assert ticket.plan is not None
        assert ticket.store is not None
        assert ticket.plan.incident_priority == ticket.credit_priority
        assert ticket.store.customer_id == ticket.customer_id
    ledger = {
        (row["customer"], row["priority"]): row["total"]
        for row in CreditEntry.objects.values("customer", "priority").annotate(total=Sum("delta"))
    }
    balances = CreditBalance.objects.filter(customer__email__endswith="@seed.example")
    assert balances.count() > 3
    for balance in balances:
        assert balance.remaining == ledger[(balance.customer_id, balance.priority)] >= 0
    bought = CreditEntry.objects.filter(reason=CreditReason.PURCHASE, order__isnull=False)
    for entry in bought.select_related("order"):
        assert entry.order is not None
        assert entry.order.quantity == entry.delta
        assert entry.order.status == OrderStatus.PAID


def test_purchases_are_copies_of_what_the_services_wrote(data):
    customers = User.objects.filter(email__endswith="@seed.example")
    orders = Order.objects.filter(customer__in=customers)
    assert orders.count() >= customers.count()
    assert not orders.exclude(status=OrderStatus.PAID).exists()
    numbers = list(Invoice.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == Order.objects.count()
    seeds = Invoice.objects.filter(order__in=orders).values_list("number", flat=True)
    series = InvoiceSequence.objects.get(series=seeds[0].split("-")[1])
    assert series.last_number == max(
        int(n.rsplit("-", 1)[1]) for n in numbers if n.split("-")[1] == series.series
    )
    for order in orders.select_related("invoice", "plan", "customer"):
        assert order.provider_reference in ("", order.invoice.number)
        assert order.plan is not None
        assert order.amount == order.plan.price * order.quantity == order.invoice.amount
        assert order.invoice.buyer["email"] == order.customer.email
    subscriptions = Subscription.objects.filter(customer__in=customers)
    assert subscriptions.count() == sum(
        1 for n in range(REQUESTS // 20) if loader.customer_kind(n) == loader.SUBSCRIPTION
    )
    started = SubscriptionEvent.objects.filter(subscription__in=subscriptions, kind="started")
    assert started.count() == subscriptions.count()
    assert {e.order.store_id for e in started.select_related("order") if e.order} == set(
        subscriptions.values_list("store_id", flat=True)
    )


def test_the_search_index_is_what_text_search_builds(data):
    tickets = Ticket.objects.filter(SEEDED).select_related("customer", "store")
    stored = {
        (d.object_id, d.part): d
        for d in SearchDocument.objects.filter(kind=text_search.KIND, object_id__in=tickets)
    }
    assert len(stored) == tickets.count() + Message.objects.filter(ticket__in=tickets).count()
    for ticket in tickets.order_by("pk")[::7]:
        expected = [text_search.header_document(ticket)] + [
            text_search.message_document(ticket, m) for m in ticket.messages.all()
        ]
        for document in expected:
            row = stored[(document.object_id, document.part)]
            assert (row.owner_id, row.visibility, row.language, row.text, row.keywords) == (
                document.owner_id,
                document.visibility,
                document.language,
                document.text,
                document.keywords,
            )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == SearchDocument.objects.count()


def _found(query: str, customer: User | None = None) -> list[Ticket]:
    results = text_search.search_requests(
        query=query, tickets=Ticket.objects.all(), customer=customer, limit=50
    )
    return [hit.ticket for hit in results.hits]


def test_search_finds_the_seeded_words_in_both_languages(data):
    russian = _found("платежи")  # stems to the "Платёж" of subjects and "платежи" of messages
    assert russian
    assert all(t.language == "ru" for t in russian)
    assert _found("payments")  # "payment gateway", "payments fail"
    assert _found("изображения")
    noted = _found("opcache")
    assert noted  # an internal note: engineers find it
    owner = User.objects.get(pk=noted[0].customer_id)
    assert noted[0] not in _found("opcache", customer=owner)  # the customer never does


def test_the_queue_reads_the_seeded_requests_in_order(data):
    engineer = Engineer.objects.order_by("pk")[0]
    queue = list(selectors.tickets_for_queue(engineer=engineer))
    dues = [t.reply_due_at for t in queue if t.reply_due_at is not None]
    assert dues == sorted(dues)
    assert len(queue) == Ticket.objects.filter(status__in=OPEN_STATUSES).count()


@pytest.mark.django_db(databases=[])
def test_plan_sizes():
    assert loader.SeedPlan.for_requests(10).customers == 1
    assert loader.SeedPlan.for_requests(1000).customers == 50
    assert loader.SeedPlan.for_requests(1_000_000).customers == 50_000
    with pytest.raises(ValueError):
        loader.SeedPlan.for_requests(0)
    assert [loader.customer_kind(n) for n in range(10)] == ["subscription"] * 7 + [
        "normal",
        "normal",
        "urgent",
    ]

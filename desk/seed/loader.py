"""A realistic data set of N requests, built fast and consistent (issue 11: measuring at 100k and
1M requests).

Customers (one per `REQUESTS_PER_CUSTOMER` requests): seven in ten run on a one-year subscription
of their store, the others on incident credits (Normal or Urgent) bought in packs; one in four
writes Russian. A few customers of each kind buy through the real services (`desk.billing`,
`desk.entitlements`, with the clock at the start of the history): the *prototypes*. Every other
customer's purchase rows (store, order, invoice with the next number of the series, subscription
and its start event, or credit balance and purchase entries) are copies of their kind's
prototype rows with the customer's own ids, amounts and numbers, written in bulk.

The N requests go in bulk too (`desk.seed.bulk`: COPY on PostgreSQL), written as the services
write them:

* every request has its customer message and its `created` event (with the entitlement, plan,
  priority and department the opening service records); a request on an incident credit has
  its `consume` ledger entry (-1, with the request's id) and points at it, so each customer's
  ledger sums to their balance;
* each answered request has its reply, its `reply` event, the status changes, one SLA outcome
  (met when the reply came by the due time of the policy's calendar) with the `ReplyOutcome` row
  the expected reply time reads, and the fair-use usage records of a subscription;
* every request still owed a reply has the due time the policy gives for its clock start
  (`desk.sla.services.due_for`, the services' own calendar maths: requests open on whole minutes,
  so one computation serves every request of the same minute and policy), and a running clock
  already past its due time has the breach the breach task records;
* some requests have internal notes, some a second customer message (reopened);
* the search index holds every request's header and message documents as
  `desk.tickets.text_search` builds them (on SQLite with their FTS rows).

Requests spread over the last `HISTORY_DAYS` days; the last two weeks hold the open ones.
"""

from __future__ import annotations

import importlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F

from desk.accounts.models import Department, Engineer, Language, User
from desk.billing import services as billing_services
from desk.billing.models import Invoice, InvoiceSequence, Order
from desk.catalog.models import Plan
from desk.console import demo
from desk.core import clock
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import (
    CreditBalance,
    CreditEntry,
    CreditReason,
    Subscription,
    SubscriptionEvent,
    UsageKind,
    UsageRecord,
)
from desk.search import services as search_services
from desk.search import text as search_text
from desk.search.models import SearchDocument, Visibility
from desk.seed import texts
from desk.seed.bulk import Bulk
from desk.sla import services as sla
from desk.stores import services as store_services
from desk.stores.canonical import canonical_store_url
from desk.stores.models import Store
from desk.tickets import backlog, loads, recent_replies, tallies
from desk.tickets.events import iso
from desk.tickets.models import (
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
from desk.tickets.scope import Category
from desk.tickets.text_search import HEADER, KIND

PASSWORD: Final = demo.DEMO_PASSWORD
HISTORY_DAYS: Final = 180
RECENT: Final = timedelta(days=14)
BATCH: Final = 20_000
REQUESTS_PER_CUSTOMER: Final = 20
SEED_DOMAIN: Final = "seed.example"
CATEGORIES: Final = [c for c in Category.values if c not in (Category.BILLING,)]
SUBSCRIPTION, NORMAL, URGENT = "subscription", "normal", "urgent"
PLAN_CODES: Final = {
    SUBSCRIPTION: "subscription-1y",
    NORMAL: "incident-normal",
    URGENT: "incident-urgent",
}
MAX_PACK: Final = billing_services.MAX_QUANTITY
REBUILD_SEARCH_INDEX_FROM: Final = 50_000  # requests


def customer_email(number: int) -> str:
    return f"customer{number}@{SEED_DOMAIN}"


def customer_kind(number: int) -> str:
    """Seven in ten customers subscribe; the others buy Normal (two) or Urgent (one) credits."""
    rest = number % 10
    return SUBSCRIPTION if rest < 7 else NORMAL if rest < 9 else URGENT


def customer_language(number: int) -> str:
    return Language.RU if number % 4 == 0 else Language.EN


@dataclass(frozen=True, slots=True)
class SeedPlan:
    requests: int
    customers: int
    seed: int

    @classmethod
    def for_requests(cls, requests: int, *, seed: int = 11) -> SeedPlan:
        """One customer per `REQUESTS_PER_CUSTOMER` requests (50,000 at 1M). Customers are not
        equally busy: customer k opens about as many as 1/sqrt(k) of the busiest (customer 0
        holds ~4,500 of 1M), which is what the customer's list must bear."""
        if requests < 1:
            raise ValueError("requests must be at least 1")
        return cls(requests, max(requests // REQUESTS_PER_CUSTOMER, 1), seed)


@dataclass(slots=True)
class _Customer:
    number: int
    user_id: int
    email: str
    full_name: str
    language: str
    kind: str
    store_id: int = 0
    store_url: str = ""
    subscription_id: int | None = None
    plan_id: int = 0
    plan_code: str = ""
    keywords: str = ""  # the words of the email and store URL (search keywords)


@dataclass(frozen=True, slots=True)
class _Team:
    departments: list[Department]  # [technical support, customer service]
    by_department_language: dict[tuple[int, str], list[Engineer]]
    anyone: list[Engineer]


def load(plan: SeedPlan, *, progress: Callable[[str], object] = print) -> dict[str, int]:
    """Add `plan.requests` requests (and `plan.customers` customers) to the database."""
    if not demo.is_demo_loaded():
        demo.load_demo()
    rng = random.Random(plan.seed)  # noqa: S311  # a reproducible data set, not a secret
    now = clock.now()
    start = (now - timedelta(days=HISTORY_DAYS)).replace(second=0, microsecond=0)
    bulk = Bulk()
    owners = [_owner(rng, plan.customers) for _ in range(plan.requests)]
    customers = _customers(plan, Counter(owners), start, bulk, progress)
    team = _team()
    dues = _Dues(sla.PolicyBook())
    counts: Counter[str] = Counter()
    phases: defaultdict[str, float] = defaultdict(float)
    minutes = int((now - timedelta(minutes=5) - start).total_seconds() // 60)
    span = minutes / plan.requests
    with bulk.references_checked_per_batch(), _search_index_built_after(plan, phases):
        for first in range(0, plan.requests, BATCH):
            batch = _Batch(bulk, now)
            began = time.monotonic()
            for k in range(first, min(first + BATCH, plan.requests)):
                at = start + timedelta(minutes=int(span * (k + rng.random())))
                _one_request(batch, at, customers[owners[k]], team, dues, rng, now)
            phases["building rows"] += time.monotonic() - began
            with transaction.atomic():
                counts.update(batch.write())
                began = time.monotonic()
                bulk.check_references()
                bulk.sync_sequences()
                phases["checking references"] += time.monotonic() - began
                began = time.monotonic()
            phases["commit"] += time.monotonic() - began
            progress(f"  {counts['requests']} requests")
    # every quarter hour of the history in one row, as the backfill leaves them
    counts["backlog quarter hours"] = backlog.compact()
    began = time.monotonic()
    counts.update(tallies.rebuild())  # the SLA reports' tallies of every outcome, as migrated
    departments = Department.objects.values_list("pk", flat=True)
    counts.update(recent_replies.rebuild(departments))  # what the expected reply time reads
    # routing's load: PostgreSQL's triggers were off for the bulk load (SQLite's wrote it)
    counts.update(loads.rebuild())
    phases["tallying the outcomes"] += time.monotonic() - began
    counts["customers"] = len(customers)
    counts["due computations"] = dues.computed
    tables = sorted(bulk.seconds.items(), key=lambda item: -item[1])[:6]
    progress("  writing: " + ", ".join(f"{table} {seconds:.0f} s" for table, seconds in tables))
    progress("  " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items()))
    return dict(counts)


@contextmanager
def _search_index_built_after(plan: SeedPlan, phases: defaultdict[str, float]) -> Iterator[None]:
    """PostgreSQL, large loads: the GIN indexes of the search vectors are dropped while the
    documents go in and built again afterwards, even when the load fails (one build costs a
    fraction of keeping them up to date row by row). The statements are the migrations' own."""
    if connection.vendor != "postgresql" or plan.requests < REBUILD_SEARCH_INDEX_FROM:
        yield
        return
    creates = search_index_statements()
    with connection.cursor() as cursor:
        for index in creates:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
    try:
        yield
    finally:
        began = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for create in creates.values():
                cursor.execute(create)
            for option in _search_index_options():
                cursor.execute(option)
            cursor.execute("RESET maintenance_work_mem")
        phases["building the search index"] += time.monotonic() - began


def _search_index_options() -> list[str]:
    """The options later migrations set on those indexes (no pending list: search 0007), for
    the indexes there still are (search 0008 dropped the vector-only one)."""
    migration = importlib.import_module("desk.search.migrations.0007_gin_without_pending_list")
    built = search_index_statements()
    return [option for option in migration.POSTGRES_FORWARD if option.split()[2] in built]


def search_index_statements() -> dict[str, str]:
    """Every GIN index of `search_document` on PostgreSQL, with the statement of the migration
    that creates it."""
    return {
        "search_document_owner_vector_idx": importlib.import_module(
            "desk.search.migrations.0004_owner_vector_index"
        ).POSTGRES_FORWARD[0],
        "search_document_recent_vector_idx": importlib.import_module(
            "desk.search.migrations.0006_recent_vector_index"
        ).POSTGRES_FORWARD[0],
    }


def _owner(rng: random.Random, customers: int) -> int:
    return min(int(customers * rng.random() ** 2), customers - 1)


@contextmanager
def _clock_at(moment: datetime) -> Iterator[None]:
    """The services' clock reads `moment` (the purchases happen at the start of the history)."""
    with mock.patch.object(clock, "now", return_value=moment):
        yield


class _Dues:
    """`sla.due_for` once per (clock start, policy): requests open on whole minutes."""

    def __init__(self, book: sla.PolicyBook) -> None:
        self.book = book
        self._found: dict[tuple[datetime, int, bool], sla.ClockDue | None] = {}
        self.computed = 0

    def __call__(self, plan_id: int, is_hotrush: bool, started_at: datetime) -> sla.ClockDue | None:
        key = (started_at, plan_id, is_hotrush)
        if key not in self._found:
            self.computed += 1
            self._found[key] = sla.due_for(
                plan_id=plan_id, is_hotrush=is_hotrush, started_at=started_at, book=self.book
            )
        return self._found[key]


# --- customers and their purchases ----------------------------------------------------------


def _customers(
    plan: SeedPlan,
    requests_of: Counter[int],
    start: datetime,
    bulk: Bulk,
    progress: Callable[[str], object],
) -> list[_Customer]:
    """The customers, their stores and what they bought: prototypes through the services, the
    others copied from them in bulk."""
    offset = User.objects.filter(email__endswith="@" + SEED_DOMAIN).count()
    plans = {kind: Plan.objects.get(code=code) for kind, code in PLAN_CODES.items()}
    hashed = make_password(PASSWORD)
    first_id = bulk.ids(User, plan.customers)
    customers = []
    for k in range(plan.customers):
        number = offset + k
        customers.append(
            _Customer(
                number=number,
                user_id=first_id + k,
                email=customer_email(number),
                full_name=f"Seed Customer {number}",
                language=customer_language(number),
                kind=customer_kind(number),
            )
        )
    with transaction.atomic():
        bulk.insert(
            User,
            [
                "id",
                "email",
                "full_name",
                "language",
                "time_zone",
                "password",
                "date_joined",
                "email_verified_at",
                "is_active",
            ],
            (
                (
                    c.user_id,
                    c.email,
                    c.full_name,
                    c.language,
                    "Europe/Moscow" if c.language == Language.RU else "Europe/Berlin",
                    hashed,
                    start,
                    start,
                    True,
                )
                for c in customers
            ),
        )
        bulk.sync_sequences()
    # An incident customer buys a credit for each of their requests and a few to spare; the
    # balance is what is left after all of them (each request's consume entry is written with
    # it, so the ledger sums to the balance once the load is done).
    packs = {
        k: _packs(requests_of[k] + (k % 3), c.kind)
        for k, c in enumerate(customers)
        if c.kind != SUBSCRIPTION
    }
    prototypes: dict[str, _Customer] = {}
    with _clock_at(start), transaction.atomic():
        for k, customer in enumerate(customers):
            if customer.kind not in prototypes:
                _buy_through_services(customer, plans[customer.kind], packs.get(k, [1]))
                prototypes[customer.kind] = customer
                CreditBalance.objects.filter(customer_id=customer.user_id).update(
                    remaining=F("remaining") - requests_of[k]
                )
        _backdate([c.user_id for c in prototypes.values()], start)
    progress(f"  {len(prototypes)} prototype purchases through the services")
    copies = [(k, c) for k, c in enumerate(customers) if prototypes.get(c.kind) is not c]
    for first in range(0, len(copies), BATCH):
        with transaction.atomic():
            _copy_purchases(
                [(c, packs.get(k, [1]), requests_of[k]) for k, c in copies[first : first + BATCH]],
                prototypes,
                plans,
                bulk,
            )
            bulk.sync_sequences()
        progress(f"  {min(first + BATCH, len(copies)) + len(prototypes)} customers")
    for customer in customers:
        customer.plan_id = plans[customer.kind].pk
        customer.plan_code = plans[customer.kind].code
        customer.keywords = " ".join(
            [*search_text.words(customer.email), *search_text.words(customer.store_url)]
        )
    return customers


def _packs(credits: int, kind: str) -> list[int]:
    """The orders (their quantities) that buy `credits` credits."""
    if kind == SUBSCRIPTION:
        return [1]
    full, rest = divmod(max(credits, 1), MAX_PACK)
    return [MAX_PACK] * full + ([rest] if rest else [])


def _store_url(customer: _Customer) -> str:
    return f"shop-{customer.user_id}.{SEED_DOMAIN}"


def _buy_through_services(customer: _Customer, plan: Plan, packs: list[int]) -> None:
    user = User.objects.get(pk=customer.user_id)
    store = store_services.add_store(customer=user, url=_store_url(customer))
    customer.store_id, customer.store_url = store.pk, store.canonical_url
    for quantity in packs:
        order = billing_services.place_order(
            customer=user,
            plan=plan,
            store=store if plan.is_subscription else None,
            quantity=quantity,
        )
        entitlement_services.confirm_payment(order_id=order.pk)
    if plan.is_subscription:
        customer.subscription_id = Subscription.objects.get(store=store).pk


def _backdate(user_ids: list[int], start: datetime) -> None:
    """Creation stamps that come from field defaults (the real clock) moved to the purchase."""
    Store.objects.filter(customer_id__in=user_ids).update(created_at=start)
    orders = Order.objects.filter(customer_id__in=user_ids)
    orders.update(created_at=start)
    Invoice.objects.filter(order__in=orders).update(issued_at=start)
    subscriptions = Subscription.objects.filter(customer_id__in=user_ids)
    subscriptions.update(created_at=start)
    SubscriptionEvent.objects.filter(subscription__in=subscriptions).update(created_at=start)
    CreditEntry.objects.filter(customer_id__in=user_ids).update(created_at=start)


def _row(model: type[Any], **filters: Any) -> dict[str, Any]:
    return dict(model.objects.filter(**filters).order_by("pk").values()[0])


def _copy_purchases(
    batch: list[tuple[_Customer, list[int], int]],
    prototypes: dict[str, _Customer],
    plans: dict[str, Plan],
    bulk: Bulk,
) -> None:
    """Each customer's store and purchases as copies of their kind's prototype rows."""
    rows: dict[type[Any], list[dict[str, Any]]] = {
        m: [] for m in (Store, Order, Invoice, Subscription, SubscriptionEvent, CreditBalance)
    }
    rows[CreditEntry] = []
    proto_rows = {kind: _prototype_rows(customer) for kind, customer in prototypes.items()}
    orders = sum(len(packs) for _customer, packs, _spent in batch)
    series, number = _invoice_numbers(orders, proto_rows)
    store_id = bulk.ids(Store, len(batch))
    order_id = bulk.ids(Order, orders)
    invoice_id = bulk.ids(Invoice, orders)
    for customer, packs, spent in batch:
        proto = proto_rows[customer.kind]
        plan = plans[customer.kind]
        customer.store_id, customer.store_url = store_id, _store_url(customer)
        store_id += 1
        rows[Store].append(
            {
                **proto["store"],
                "id": customer.store_id,
                "customer_id": customer.user_id,
                "canonical_url": canonical_store_url(customer.store_url),
                "entered_url": customer.store_url,
            }
        )
        for quantity in packs:
            number += 1
            invoice_number = f"INV-{series}-{number:06d}"
            amount = (plan.money * quantity).amount
            rows[Order].append(
                {
                    **proto["order"],
                    "id": order_id,
                    "customer_id": customer.user_id,
                    "store_id": customer.store_id if plan.is_subscription else None,
                    "quantity": quantity,
                    "amount": amount,
                    "provider_reference": invoice_number
                    if proto["order"]["provider_reference"]
                    else "",
                }
            )
            line = {**proto["invoice"]["lines"][0], "quantity": quantity, "amount": str(amount)}
            if plan.is_subscription:
                line["store"] = customer.store_url
            else:
                line["credits"] = quantity
            rows[Invoice].append(
                {
                    **proto["invoice"],
                    "id": invoice_id,
                    "order_id": order_id,
                    "number": invoice_number,
                    "buyer": {
                        "name": customer.full_name or customer.email,
                        "email": customer.email,
                    },
                    "lines": [line],
                    "amount": amount,
                }
            )
            if not plan.is_subscription:
                rows[CreditEntry].append(
                    {
                        **proto["purchase"],
                        "id": bulk.next_id(CreditEntry),
                        "customer_id": customer.user_id,
                        "delta": quantity,
                        "order_id": order_id,
                    }
                )
            order_id += 1
            invoice_id += 1
        if plan.is_subscription:
            customer.subscription_id = bulk.next_id(Subscription)
            rows[Subscription].append(
                {
                    **proto["subscription"],
                    "id": customer.subscription_id,
                    "customer_id": customer.user_id,
                    "store_id": customer.store_id,
                }
            )
            rows[SubscriptionEvent].append(
                {
                    **proto["started"],
                    "id": bulk.next_id(SubscriptionEvent),
                    "subscription_id": customer.subscription_id,
                    "order_id": order_id - 1,
                }
            )
        else:
            rows[CreditBalance].append(
                {
                    **proto["balance"],
                    "id": bulk.next_id(CreditBalance),
                    "customer_id": customer.user_id,
                    "remaining": sum(packs) - spent,
                }
            )
    for model, found in rows.items():
        if found:
            columns = list(found[0])
            bulk.insert(model, columns, ([row[c] for c in columns] for row in found))
    InvoiceSequence.objects.filter(series=series).update(last_number=number)


def _prototype_rows(customer: _Customer) -> dict[str, dict[str, Any]]:
    order = _row(Order, customer_id=customer.user_id)
    found = {
        "store": _row(Store, pk=customer.store_id),
        "order": order,
        "invoice": _row(Invoice, order_id=order["id"]),
    }
    if customer.subscription_id is not None:
        found["subscription"] = _row(Subscription, pk=customer.subscription_id)
        found["started"] = _row(SubscriptionEvent, subscription_id=customer.subscription_id)
    else:
        found["balance"] = _row(CreditBalance, customer_id=customer.user_id)
        found["purchase"] = _row(
            CreditEntry, customer_id=customer.user_id, reason=CreditReason.PURCHASE
        )
    return found


def _invoice_numbers(
    count: int, proto_rows: dict[str, dict[str, dict[str, Any]]]
) -> tuple[str, int]:
    """The series of the prototypes' invoices and its last number (`count` more follow)."""
    series = next(iter(proto_rows.values()))["invoice"]["number"].split("-")[1]
    last = InvoiceSequence.objects.select_for_update().get(series=series).last_number
    return series, last


def _team() -> _Team:
    departments = [
        Department.objects.get(code="technical-support"),
        Department.objects.get(code="customer-service"),
    ]
    found: dict[tuple[int, str], list[Engineer]] = {}
    engineers = Engineer.objects.filter(is_active=True).prefetch_related("departments")
    anyone = list(engineers.select_related("user").order_by("pk"))
    for engineer in anyone:
        for department in engineer.departments.all():
            for language, speaks in (
                (Language.EN, engineer.speaks_en),
                (Language.RU, engineer.speaks_ru),
            ):
                if speaks:
                    found.setdefault((department.pk, language), []).append(engineer)
    return _Team(departments, found, anyone)


def _status(rng: random.Random, age: timedelta) -> str:
    roll = rng.random()
    if age > RECENT:
        return Status.CLOSED if roll < 0.8 else Status.RESOLVED
    for status, share in (
        (Status.NEW, 0.25),
        (Status.OPEN, 0.15),
        (Status.WAITING, 0.25),
        (Status.RESOLVED, 0.2),
    ):
        if roll < share:
            return status
        roll -= share
    return Status.CLOSED


# --- requests ---------------------------------------------------------------------------------

TICKET_COLUMNS: Final = [
    "id",
    "customer_id",
    "store_id",
    "department_id",
    "subject",
    "category",
    "language",
    "is_hotrush",
    "status",
    "entitlement_kind",
    "plan_id",
    "subscription_id",
    "credit_priority",
    "credit_entry_id",
    "assignee_id",
    "created_at",
    "updated_at",
    "awaiting_reply_since",
    "reply_due_at",
    "reply_running_since",
    "reply_left",
    "first_replied_at",
    "resolved_at",
    "closed_at",
]
MESSAGE_COLUMNS: Final = ["id", "ticket_id", "author_id", "kind", "body", "created_at"]
EVENT_COLUMNS: Final = [
    "id",
    "ticket_id",
    "actor_id",
    "kind",
    "from_value",
    "to_value",
    "data",
    "created_at",
]
BACKLOG_COLUMNS: Final = ["id", "bucket", "change"]
OUTCOME_COLUMNS: Final = [
    "id",
    "event_id",
    "department_id",
    "plan_id",
    "is_hotrush",
    "is_first",
    "is_met",
    "is_replied",
    "working_seconds_used",
    "due_at",
    "recorded_at",
]
USAGE_COLUMNS: Final = ["id", "subscription_id", "kind", "ticket_id", "created_at"]
CREDIT_COLUMNS: Final = [
    "id",
    "customer_id",
    "priority",
    "delta",
    "reason",
    "order_id",
    "ticket_id",
    "note",
    "created_at",
]
DOCUMENT_COLUMNS: Final = [
    "id",
    "kind",
    "object_id",
    "part",
    "owner_id",
    "visibility",
    "language",
    "text",
    "keywords",
    "indexed_at",
]


@dataclass(slots=True)
class _Request:
    """One request being written: its row's values, changed as its story unfolds."""

    id: int
    customer: _Customer
    department: Department
    subject: str
    category: str
    language: str
    is_hotrush: bool
    assignee: Engineer | None
    created_at: datetime
    credit_entry_id: int | None = None
    status: str = Status.NEW
    updated_at: datetime | None = None
    awaiting_reply_since: datetime | None = None
    reply_due_at: datetime | None = None
    reply_running_since: datetime | None = None
    reply_left: timedelta | None = None
    first_replied_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    messages: list[tuple[int, str, str]] = field(default_factory=list)  # (id, kind, body)

    def row(self) -> tuple[Any, ...]:
        c = self.customer
        incident = c.subscription_id is None
        return (
            self.id,
            c.user_id,
            c.store_id,
            self.department.pk,
            self.subject,
            self.category,
            self.language,
            self.is_hotrush,
            self.status,
            EntitlementKind.INCIDENT if incident else EntitlementKind.SUBSCRIPTION,
            c.plan_id,
            c.subscription_id,
            c.kind if incident else "",
            self.credit_entry_id,
            self.assignee.pk if self.assignee is not None else None,
            self.created_at,
            self.updated_at or self.created_at,
            self.awaiting_reply_since,
            self.reply_due_at,
            self.reply_running_since,
            self.reply_left,
            self.first_replied_at,
            self.resolved_at,
            self.closed_at,
        )


class _Batch:
    """The rows of one batch of requests, table by table, with the ids they will have."""

    def __init__(self, bulk: Bulk, now: datetime) -> None:
        self.bulk = bulk
        self.now = now
        self.requests: list[_Request] = []
        self.messages: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.outcomes: list[tuple[Any, ...]] = []
        self.usage: list[tuple[Any, ...]] = []
        self.credits: list[tuple[Any, ...]] = []
        self.subjects: dict[str, str] = {}  # subject -> its words, for the keywords
        # the backlog's change per quarter hour (`desk.tickets.backlog`, as `record` adds it)
        self.backlog: defaultdict[datetime, int] = defaultdict(int)

    def message(self, request: _Request, author_id: int, kind: str, body: str, at: datetime) -> int:
        pk = self.bulk.next_id(Message)
        self.messages.append((pk, request.id, author_id, kind, body, at))
        request.messages.append((pk, kind, body))
        return pk

    def event(
        self,
        request: _Request,
        kind: str,
        actor_id: int | None,
        at: datetime,
        *,
        before: str = "",
        after: str = "",
        data: dict[str, Any] | None = None,
    ) -> int:
        pk = self.bulk.next_id(TicketEvent)
        self.events.append((pk, request.id, actor_id, kind, before, after, data or {}, at))
        self.backlog[backlog.bucket_of(at)] += backlog.backlog_change(kind, before, after)
        return pk

    def write(self) -> dict[str, int]:
        bulk = self.bulk
        bulk.insert(CreditEntry, CREDIT_COLUMNS, self.credits)
        bulk.insert(Ticket, TICKET_COLUMNS, (r.row() for r in self.requests))
        bulk.insert(Message, MESSAGE_COLUMNS, self.messages)
        bulk.insert(TicketEvent, EVENT_COLUMNS, self.events)
        bulk.insert(BacklogChange, BACKLOG_COLUMNS, self._backlog_changes())
        bulk.insert(ReplyOutcome, OUTCOME_COLUMNS, self.outcomes)
        bulk.insert(UsageRecord, USAGE_COLUMNS, self.usage)
        documents = self._documents()
        bulk.insert(SearchDocument, DOCUMENT_COLUMNS, documents)
        if bulk.vendor == "sqlite":
            _insert_fts(documents)
        return {
            "requests": len(self.requests),
            "messages": len(self.messages),
            "events": len(self.events),
            "outcomes": len(self.outcomes),
            "usage records": len(self.usage),
            "credits spent": len(self.credits),
            "search documents": len(documents),
        }

    def _backlog_changes(self) -> list[tuple[Any, ...]]:
        """One row per quarter hour of the batch (not compacted: a quarter hour may span two
        batches; `load` compacts them all at its end)."""
        changed = sorted((bucket, change) for bucket, change in self.backlog.items() if change)
        return [(self.bulk.next_id(BacklogChange), *row) for row in changed]

    def _documents(self) -> list[tuple[Any, ...]]:
        """Each request's header and message documents, as `desk.tickets.text_search` builds
        them (`header_document`, `message_document`; the seed test compares the two)."""
        rows = []
        clean = search_text.clean
        for r in self.requests:
            c = r.customer
            subject_words = self.subjects.get(r.subject)
            if subject_words is None:
                subject_words = self.subjects[r.subject] = " ".join(search_text.words(r.subject))
            header_words = f"{subject_words} {c.keywords}".strip()
            pk = self.bulk.next_id(SearchDocument)
            rows.append(
                (
                    pk,
                    KIND,
                    r.id,
                    HEADER,
                    c.user_id,
                    Visibility.CUSTOMER,
                    r.language,
                    clean(f"{r.subject} · {c.email} · {c.store_url}"),
                    clean(c.keywords),
                    self.now,
                )
            )
            for message_id, kind, body in r.messages:
                rows.append(
                    (
                        self.bulk.next_id(SearchDocument),
                        KIND,
                        r.id,
                        f"message:{message_id}",
                        c.user_id,
                        Visibility.ENGINEER if kind == MessageKind.NOTE else Visibility.CUSTOMER,
                        r.language,
                        clean(body),
                        clean(header_words),
                        self.now,
                    )
                )
        return rows


def _insert_fts(documents: list[tuple[Any, ...]]) -> None:
    """SQLite: the FTS rows `desk.search.services` writes beside each document."""
    with connection.cursor() as cursor:
        cursor.executemany(
            search_services.FTS_INSERT,
            [search_services.fts_values(r[0], r[7], r[8], r[4], r[5]) for r in documents],
        )


REPLY_MINUTES: Final = (5, 10, 15, 20, 30, 45, 60, 90, 120, 240, 480, 900)


def _one_request(
    batch: _Batch,
    at: datetime,
    customer: _Customer,
    team: _Team,
    dues: _Dues,
    rng: random.Random,
    now: datetime,
) -> None:
    department = team.departments[0 if rng.random() < 0.85 else 1]
    language = customer.language if rng.random() < 0.95 else _other(customer.language)
    incident = customer.subscription_id is None
    hotrush = customer.kind != NORMAL and rng.random() < 0.1  # Normal credits allow none
    engineers = team.by_department_language.get((department.pk, language), [])
    engineer = rng.choice(engineers) if engineers else None
    request = _Request(
        id=batch.bulk.next_id(Ticket),
        customer=customer,
        department=department,
        subject=texts.subject(rng, language),
        category=rng.choice(CATEGORIES),
        language=language,
        is_hotrush=hotrush,
        assignee=engineer,
        created_at=at,
    )
    batch.requests.append(request)
    if incident:
        request.credit_entry_id = batch.bulk.next_id(CreditEntry)
        batch.credits.append(
            (
                request.credit_entry_id,
                customer.user_id,
                customer.kind,
                -1,
                CreditReason.CONSUME,
                None,
                request.id,
                "",
                at,
            )
        )
    else:
        batch.usage.append(
            (
                batch.bulk.next_id(UsageRecord),
                customer.subscription_id,
                UsageKind.REQUEST,
                request.id,
                at,
            )
        )
    facts = {"plan": customer.plan_code, "hotrush": hotrush, "department": department.code}
    asked = batch.message(
        request, customer.user_id, MessageKind.CUSTOMER, texts.customer_message(rng, language), at
    )
    created = {
        "entitlement": EntitlementKind.INCIDENT if incident else EntitlementKind.SUBSCRIPTION,
        "credit_priority": customer.kind if incident else "",
        **facts,
        "message_id": asked,
    }
    batch.event(request, EventKind.CREATED, customer.user_id, at, after=Status.NEW, data=created)
    if engineer is not None:
        assigned = {"from": None, "to": engineer.user.display_name}
        batch.event(request, EventKind.ASSIGNED, None, at, after=str(engineer.pk), data=assigned)
    if rng.random() < 0.2:
        noted = at + timedelta(minutes=rng.randint(1, 120))
        if noted < now:
            author = engineer or rng.choice(team.anyone)
            note = batch.message(request, author.user_id, MessageKind.NOTE, texts.note(rng), noted)
            batch.event(request, EventKind.NOTE, author.user_id, noted, data={"message_id": note})
            request.updated_at = max(request.updated_at or at, noted)
    due = dues(customer.plan_id, hotrush, at)
    status = _status(rng, now - at)
    replier = engineer or rng.choice(team.anyone)
    replied = (
        due.target.calendar.add(at, timedelta(minutes=rng.choice(REPLY_MINUTES)))
        if due is not None
        else at + timedelta(minutes=rng.choice(REPLY_MINUTES))
    )
    if status == Status.NEW or replied >= now or due is None:
        _run_clock(request, at, due)
        _breach_if_overdue(batch, request, at, due, facts, now, first=True)
        return
    _reply(batch, request, replier, at, replied, due, facts, rng)
    if status == Status.OPEN:
        again = replied + timedelta(minutes=rng.randint(5, 600))
        if again < now:
            wrote = batch.message(
                request,
                customer.user_id,
                MessageKind.CUSTOMER,
                texts.follow_up(rng, language),
                again,
            )
            batch.event(
                request, EventKind.MESSAGE, customer.user_id, again, data={"message_id": wrote}
            )
            _status_change(batch, request, customer.user_id, Status.OPEN, again)
            due_again = dues(customer.plan_id, hotrush, again)
            _run_clock(request, again, due_again)
            _breach_if_overdue(batch, request, again, due_again, facts, now, first=False)
        return
    if status in (Status.RESOLVED, Status.CLOSED):
        resolved = replied + timedelta(hours=rng.randint(1, 72))
        if resolved < now:
            _status_change(batch, request, replier.user_id, Status.RESOLVED, resolved)
            request.resolved_at = resolved
            closed = resolved + timedelta(days=7)
            if status == Status.CLOSED and closed < now:
                _status_change(batch, request, None, Status.CLOSED, closed)
                request.closed_at = closed


def _other(language: str) -> str:
    return Language.EN if language == Language.RU else Language.RU


def _status_change(
    batch: _Batch, request: _Request, actor_id: int | None, status: str, at: datetime
) -> None:
    batch.event(request, EventKind.STATUS, actor_id, at, before=request.status, after=status)
    request.status = status
    request.updated_at = max(request.updated_at or at, at)


def _run_clock(request: _Request, at: datetime, due: sla.ClockDue | None) -> None:
    """The fields `reply_clock.start` sets for a clock started at `at`."""
    request.awaiting_reply_since = request.reply_running_since = at
    request.reply_due_at = due.due_at if due is not None else None
    request.reply_left = due.budget if due is not None else None


def _breach_if_overdue(
    batch: _Batch,
    request: _Request,
    asked: datetime,
    due: sla.ClockDue | None,
    facts: dict[str, Any],
    now: datetime,
    *,
    first: bool,
) -> None:
    """A running clock whose due time passed: the breach the breach task recorded then."""
    if due is not None and due.due_at <= now:
        _outcome(batch, request, asked, due, facts, None, due.budget, first=first)


def _outcome(
    batch: _Batch,
    request: _Request,
    asked: datetime,
    due: sla.ClockDue,
    facts: dict[str, Any],
    replied: datetime | None,
    used: timedelta,
    *,
    first: bool,
) -> None:
    """The one outcome of the clock started at `asked`: met at the reply, or breached at the
    due time before any reply (as `alerts.breach_if_due` records it), with its aggregate row."""
    seconds = round(used.total_seconds())
    data = {
        "first": first,
        **facts,
        "due_at": iso(due.due_at),
        "replied_at": iso(replied) if replied is not None else None,
        "working_seconds_used": seconds,
        "working_seconds_paused": 0,
    }
    recorded = replied if replied is not None else due.due_at
    event = batch.event(
        request,
        EventKind.SLA_MET if replied is not None else EventKind.SLA_BREACHED,
        None,
        recorded,
        before=iso(asked),
        after=iso(due.due_at),
        data=data,
    )
    batch.outcomes.append(
        (
            batch.bulk.next_id(ReplyOutcome),
            event,
            request.department.pk,
            request.customer.plan_id,
            bool(facts["hotrush"]),
            first,
            replied is not None,
            replied is not None,
            seconds,
            due.due_at,
            recorded,
        )
    )


def _reply(
    batch: _Batch,
    request: _Request,
    replier: Engineer,
    asked: datetime,
    replied: datetime,
    due: sla.ClockDue,
    facts: dict[str, Any],
    rng: random.Random,
) -> None:
    """The first reply, its outcome (met, or breached at the due time as the breach task records
    it), the move to waiting and the fair-use count."""
    message = batch.message(
        request, replier.user_id, MessageKind.REPLY, texts.reply(rng, request.language), replied
    )
    batch.event(
        request,
        EventKind.REPLY,
        replier.user_id,
        replied,
        data={"message_id": message, "first": True},
    )
    met = replied <= due.due_at
    used = due.target.calendar.elapsed(asked, replied) if met else due.budget
    _outcome(batch, request, asked, due, facts, replied if met else None, used, first=True)
    if request.customer.subscription_id is not None:
        batch.usage.append(
            (
                batch.bulk.next_id(UsageRecord),
                request.customer.subscription_id,
                UsageKind.REPLY,
                request.id,
                replied,
            )
        )
    request.first_replied_at = replied
    _status_change(batch, request, replier.user_id, Status.WAITING, replied)

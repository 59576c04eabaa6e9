"""A realistic data set of N requests, built fast and consistent (issue 11: measuring at 100k and
1M requests).

What goes through the real services (small, bounded): the demo desk (`desk.console.demo`: the
engineers, their departments, languages and shifts; the demo customers), and for each seeded
customer its store, a paid one-year subscription order, its invoice and its subscription (with
the clock set to the start of the history). What goes through bulk inserts (the N requests):
requests, messages, history events, SLA outcomes and their `ReplyOutcome` aggregate, and fair-use
usage records, written as the services write them:

* every request has its customer message and its `created` event; each answered one its reply,
  its `reply` event, the status changes, one SLA outcome (met when the reply came by the due
  time of the policy's calendar) with the `ReplyOutcome` row the expected reply time reads, and
  the usage records fair use counts;
* every request still owed a reply has the due time the policy gives for its clock start
  (`desk.sla.services.due_for`, the same calendar maths the services use), so the queue order,
  countdowns and sweeps see what they would have seen;
* requests run on their store's subscription (no incident credits: the credit ledger is left
  as the purchases made it, never negative).

Requests spread over the last `HISTORY_DAYS` days; the last two weeks hold the open ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction

from desk.accounts.models import Department, Engineer, Language, User
from desk.billing import services as billing_services
from desk.billing.models import Invoice, Order
from desk.catalog.models import Plan
from desk.console import demo
from desk.core import clock
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import Subscription, SubscriptionEvent, UsageKind, UsageRecord
from desk.sla import services as sla
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets.events import iso
from desk.tickets.models import (
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

PASSWORD: Final = demo.DEMO_PASSWORD
HISTORY_DAYS: Final = 360
RECENT: Final = timedelta(days=14)
BATCH: Final = 5000
MAX_CUSTOMERS: Final = 300
SEED_DOMAIN: Final = "seed.example"
SUBJECTS: Final = (
    "Checkout page shows a PHP warning",
    "Shipping rates missing for Germany",
    "Tax is charged twice on digital goods",
    "Product images do not load after upgrade",
    "Платёж не проходит через банк",
    "Не отправляются письма о заказе",
    "Search results are empty",
    "Customer cannot reset the password",
)
CATEGORIES: Final = [c for c in Category.values if c not in (Category.BILLING,)]


def customer_email(number: int) -> str:
    return f"customer{number}@{SEED_DOMAIN}"


@dataclass(frozen=True, slots=True)
class SeedPlan:
    requests: int
    customers: int
    seed: int

    @classmethod
    def for_requests(cls, requests: int, *, seed: int = 11) -> SeedPlan:
        """About 50 requests per customer, at most 300 customers (each buys through the
        services, which is the slow part: a busy customer then holds a few thousand requests,
        which is what the customer's list must bear)."""
        if requests < 1:
            raise ValueError("requests must be at least 1")
        return cls(requests, min(max(requests // 50, 1), MAX_CUSTOMERS), seed)


@dataclass(frozen=True, slots=True)
class _Buyer:
    user_id: int
    store_id: int
    subscription_id: int
    plan_id: int
    plan_code: str
    language: str


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
    start = now - timedelta(days=HISTORY_DAYS)
    buyers = _buyers(plan, start, progress)
    team = _team()
    book = sla.PolicyBook()
    counts = dict.fromkeys(("requests", "messages", "events", "outcomes"), 0)
    span = (now - timedelta(minutes=5) - start) / plan.requests
    for first in range(0, plan.requests, BATCH):
        numbers = range(first, min(first + BATCH, plan.requests))
        moments = [start + span * (k + rng.random()) for k in numbers]
        with transaction.atomic():
            added = _requests(moments, buyers, team, book, rng, now)
        for name, value in added.items():
            counts[name] += value
        progress(f"  {counts['requests']} requests")
    counts["customers"] = len(buyers)
    return counts


@contextmanager
def _clock_at(moment: datetime) -> Iterator[None]:
    """The services' clock reads `moment` (the purchases happen at the start of the history)."""
    with mock.patch.object(clock, "now", return_value=moment):
        yield


def _buyers(plan: SeedPlan, start: datetime, progress: Callable[[str], object]) -> list[_Buyer]:
    """Customers with a store and a paid one-year subscription each, bought at `start`."""
    first = User.objects.filter(email__endswith="@" + SEED_DOMAIN).count()
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=customer_email(number),
            full_name=f"Seed Customer {number}",
            language=Language.RU if number % 4 == 0 else Language.EN,
            time_zone="Europe/Moscow" if number % 4 == 0 else "Europe/Berlin",
            password=hashed,
            date_joined=start,
            email_verified_at=start,
        )
        for number in range(first, first + plan.customers)
    )
    yearly = Plan.objects.get(code="subscription-1y")
    buyers = []
    # one transaction: the services' own ones nest as savepoints, and nothing waits for a
    # disk flush per customer
    with _clock_at(start), transaction.atomic():
        for k, user in enumerate(users):
            store = store_services.add_store(customer=user, url=f"shop-{user.pk}.{SEED_DOMAIN}")
            order = billing_services.place_order(customer=user, plan=yearly, store=store)
            entitlement_services.confirm_payment(order_id=order.pk)
            subscription = Subscription.objects.get(store=store)
            buyers.append(
                _Buyer(user.pk, store.pk, subscription.pk, yearly.pk, yearly.code, user.language)
            )
            if k % 200 == 199:
                progress(f"  {k + 1} customers")
    _backdate([buyer.user_id for buyer in buyers], start)
    return buyers


def _backdate(user_ids: list[int], start: datetime) -> None:
    """Creation stamps that come from field defaults (the real clock) moved to the purchase."""
    Store.objects.filter(customer_id__in=user_ids).update(created_at=start)
    orders = Order.objects.filter(customer_id__in=user_ids)
    orders.update(created_at=start)
    Invoice.objects.filter(order__in=orders).update(issued_at=start)
    subscriptions = Subscription.objects.filter(customer_id__in=user_ids)
    subscriptions.update(created_at=start)
    SubscriptionEvent.objects.filter(subscription__in=subscriptions).update(created_at=start)


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


class _Batch:
    """The rows of one batch of requests, inserted table by table (ids come back from each)."""

    def __init__(self) -> None:
        self.tickets: list[Ticket] = []
        self.messages: list[tuple[int, Message]] = []  # (ticket index, message)
        # (ticket index, kind, actor id, from, to, data, at, message index or None, outcome)
        self.events: list[
            tuple[
                int,
                str,
                int | None,
                str,
                str,
                dict[str, Any],
                datetime,
                int | None,
                tuple[bool, int, bool] | None,
            ]
        ] = []
        self.usage: list[tuple[int, str, datetime]] = []
        self.buyers: list[_Buyer] = []  # of each request


def _requests(
    moments: list[datetime],
    buyers: list[_Buyer],
    team: _Team,
    book: sla.PolicyBook,
    rng: random.Random,
    now: datetime,
) -> dict[str, int]:
    batch = _Batch()
    for at in moments:
        _one_request(batch, at, rng.choice(buyers), team, book, rng, now)
    tickets = Ticket.objects.bulk_create(batch.tickets)
    buyer_subscriptions = [buyer.subscription_id for buyer in batch.buyers]
    messages = [message for _k, message in batch.messages]
    for k, message in batch.messages:
        message.ticket_id = tickets[k].pk
    Message.objects.bulk_create(messages)
    events, outcomes = [], []
    for k, kind, actor, before, after, data, at, message_k, outcome in batch.events:
        if message_k is not None:
            data = {**data, "message_id": messages[message_k].pk}
        event = TicketEvent(
            ticket_id=tickets[k].pk,
            actor_id=actor,
            kind=kind,
            from_value=before,
            to_value=after,
            data=data,
            created_at=at,
        )
        events.append(event)
        if outcome is not None:
            outcomes.append((event, tickets[k].department_id, tickets[k].plan_id, *outcome))
    TicketEvent.objects.bulk_create(events)
    ReplyOutcome.objects.bulk_create(
        ReplyOutcome(
            event=event,
            department_id=department_id,
            plan_id=plan_id,
            is_hotrush=hotrush,
            is_first=first,
            is_met=event.kind == EventKind.SLA_MET,
            is_replied=event.data["replied_at"] is not None,
            working_seconds_used=used,
            due_at=datetime.fromisoformat(event.to_value),
            recorded_at=event.created_at,
        )
        for event, department_id, plan_id, hotrush, used, first in outcomes
    )
    UsageRecord.objects.bulk_create(
        UsageRecord(
            subscription_id=buyer_subscriptions[k],
            kind=kind,
            ticket_id=tickets[k].pk,
            created_at=at,
        )
        for k, kind, at in batch.usage
    )
    return {
        "requests": len(tickets),
        "messages": len(messages),
        "events": len(events),
        "outcomes": len(outcomes),
    }


BODIES: Final = (
    "Since yesterday the page shows 'Warning: Undefined index' and customers cannot pay.",
    "После обновления платежи не проходят, покупатели видят ошибку 500.",
    "We changed the theme and now the product images are missing on mobile.",
)
REPLIES: Final = (
    "Thank you: we fixed the template, please check again.",
    "Исправили настройки модуля оплаты, проверьте, пожалуйста.",
)
REPLY_MINUTES: Final = (5, 10, 15, 20, 30, 45, 60, 90, 120, 240, 480, 900)


def _one_request(
    batch: _Batch,
    at: datetime,
    buyer: _Buyer,
    team: _Team,
    book: sla.PolicyBook,
    rng: random.Random,
    now: datetime,
) -> None:
    k = len(batch.tickets)
    department = team.departments[0 if rng.random() < 0.85 else 1]
    hotrush = rng.random() < 0.1
    engineers = team.by_department_language.get((department.pk, buyer.language), [])
    engineer = rng.choice(engineers) if engineers else None
    ticket = Ticket(
        customer_id=buyer.user_id,
        store_id=buyer.store_id,
        department=department,
        subject=rng.choice(SUBJECTS),
        category=rng.choice(CATEGORIES),
        language=buyer.language,
        is_hotrush=hotrush,
        status=Status.NEW,
        entitlement_kind=EntitlementKind.SUBSCRIPTION,
        plan_id=buyer.plan_id,
        subscription_id=buyer.subscription_id,
        assignee=engineer,
        created_at=at,
        updated_at=at,
    )
    batch.tickets.append(ticket)
    batch.buyers.append(buyer)
    facts = {"plan": buyer.plan_code, "hotrush": hotrush, "department": department.code}
    asked = _message(batch, k, buyer.user_id, MessageKind.CUSTOMER, rng.choice(BODIES), at)
    created = {"entitlement": "subscription", "credit_priority": "", **facts}
    batch.events.append(
        (k, EventKind.CREATED, buyer.user_id, "", Status.NEW, created, at, asked, None)
    )
    batch.usage.append((k, UsageKind.REQUEST, at))
    if engineer is not None:
        assigned = {"from": None, "to": engineer.user.display_name}
        batch.events.append(
            (k, EventKind.ASSIGNED, None, "", str(engineer.pk), assigned, at, None, None)
        )
    due = sla.due_for(plan_id=buyer.plan_id, is_hotrush=hotrush, started_at=at, book=book)
    status = _status(rng, now - at)
    replier = engineer or rng.choice(team.anyone)
    replied = (
        due.target.calendar.add(at, timedelta(minutes=rng.choice(REPLY_MINUTES)))
        if due is not None
        else at + timedelta(minutes=rng.choice(REPLY_MINUTES))
    )
    if status == Status.NEW or replied >= now or due is None:
        _run_clock(ticket, at, due)
        _breach_if_overdue(batch, k, at, due, facts, now, first=True)
        return
    _reply(batch, k, ticket, replier, at, replied, due, facts, rng)
    if status == Status.OPEN:
        again = replied + timedelta(minutes=rng.randint(5, 600))
        if again < now:
            wrote = _message(
                batch, k, buyer.user_id, MessageKind.CUSTOMER, rng.choice(BODIES), again
            )
            batch.events.append(
                (k, EventKind.MESSAGE, buyer.user_id, "", "", {}, again, wrote, None)
            )
            _status_change(batch, k, ticket, buyer.user_id, Status.OPEN, again)
            due_again = sla.due_for(
                plan_id=buyer.plan_id, is_hotrush=hotrush, started_at=again, book=book
            )
            _run_clock(ticket, again, due_again)
            _breach_if_overdue(batch, k, again, due_again, facts, now, first=False)
        return
    if status in (Status.RESOLVED, Status.CLOSED):
        resolved = replied + timedelta(hours=rng.randint(1, 72))
        if resolved < now:
            _status_change(batch, k, ticket, replier.user_id, Status.RESOLVED, resolved)
            ticket.resolved_at = resolved
            closed = resolved + timedelta(days=7)
            if status == Status.CLOSED and closed < now:
                _status_change(batch, k, ticket, None, Status.CLOSED, closed)
                ticket.closed_at = closed


def _message(batch: _Batch, k: int, author_id: int, kind: str, body: str, at: datetime) -> int:
    batch.messages.append((k, Message(author_id=author_id, kind=kind, body=body, created_at=at)))
    return len(batch.messages) - 1


def _status_change(
    batch: _Batch, k: int, ticket: Ticket, actor_id: int | None, status: str, at: datetime
) -> None:
    batch.events.append((k, EventKind.STATUS, actor_id, ticket.status, status, {}, at, None, None))
    ticket.status = status
    ticket.updated_at = at


def _run_clock(ticket: Ticket, at: datetime, due: sla.ClockDue | None) -> None:
    """The fields `reply_clock.start` sets for a clock started at `at`."""
    ticket.awaiting_reply_since = ticket.reply_running_since = at
    ticket.reply_due_at = due.due_at if due is not None else None
    ticket.reply_left = due.budget if due is not None else None


def _breach_if_overdue(
    batch: _Batch,
    k: int,
    asked: datetime,
    due: sla.ClockDue | None,
    facts: dict[str, Any],
    now: datetime,
    *,
    first: bool,
) -> None:
    """A running clock whose due time passed: the breach the breach task recorded then."""
    if due is not None and due.due_at <= now:
        _outcome(batch, k, asked, due, facts, None, due.budget, first=first)


def _outcome(
    batch: _Batch,
    k: int,
    asked: datetime,
    due: sla.ClockDue,
    facts: dict[str, Any],
    replied: datetime | None,
    used: timedelta,
    *,
    first: bool,
) -> None:
    """The one outcome of the clock started at `asked`: met at the reply, or breached at the
    due time before any reply (as `alerts.breach_if_due` records it)."""
    seconds = round(used.total_seconds())
    data = {
        "first": first,
        **facts,
        "due_at": iso(due.due_at),
        "replied_at": iso(replied) if replied is not None else None,
        "working_seconds_used": seconds,
        "working_seconds_paused": 0,
    }
    batch.events.append(
        (
            k,
            EventKind.SLA_MET if replied is not None else EventKind.SLA_BREACHED,
            None,
            iso(asked),
            iso(due.due_at),
            data,
            replied if replied is not None else due.due_at,
            None,
            (bool(facts["hotrush"]), seconds, first),
        )
    )


def _reply(
    batch: _Batch,
    k: int,
    ticket: Ticket,
    replier: Engineer,
    asked: datetime,
    replied: datetime,
    due: sla.ClockDue,
    facts: dict[str, Any],
    rng: random.Random,
) -> None:
    """The first reply, its outcome (met, or breached at the due time as the breach task records
    it), the move to waiting and the fair-use count."""
    message = _message(batch, k, replier.user_id, MessageKind.REPLY, rng.choice(REPLIES), replied)
    batch.events.append(
        (k, EventKind.REPLY, replier.user_id, "", "", {"first": True}, replied, message, None)
    )
    met = replied <= due.due_at
    used = due.target.calendar.elapsed(asked, replied) if met else due.budget
    _outcome(batch, k, asked, due, facts, replied if met else None, used, first=True)
    batch.usage.append((k, UsageKind.REPLY, replied))
    ticket.first_replied_at = replied
    _status_change(batch, k, ticket, replier.user_id, Status.WAITING, replied)

"""Reads of requests: the engineers' queue, a customer's list, conversations and history.

Every selector runs a fixed number of queries, however many rows it returns.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet, Subquery

from desk.accounts.models import Department, Engineer, User
from desk.core.keyset import KeyOrder, KeysetPage, first_page
from desk.core.prepared import PreparedQuery
from desk.tickets import checks, errors
from desk.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    EventKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEvent,
    open_statuses_filter,
)

# The one place the queue order lives: earliest reply due first (requests owing no reply last),
# then oldest first.
QUEUE_ORDER = (F("reply_due_at").asc(nulls_last=True), "created_at", "id")
# The same orders for keyset pages (`desk.core.keyset`).
QUEUE_KEYS = KeyOrder(("reply_due_at", "created_at", "id"), nullable_first=True)
CUSTOMER_KEYS = KeyOrder(("created_at", "id"), descending=True)
QUEUE_VIEWS = ("new", "mine", "all")
# History a customer may see: everything but the existence of internal notes.
INTERNAL_EVENT_KINDS = frozenset({EventKind.NOTE, EventKind.SLA_WARNING})


def tickets_for_queue(
    *,
    engineer: Engineer,
    view: str = "all",
    department: str | None = None,
    language: str | None = None,
    status: str | None = None,
    hotrush: bool | None = None,
) -> QuerySet[Ticket]:
    """The engineers' queue. `view`: "new" (status NEW), "mine" (assigned to `engineer`),
    "all"; both latter show open statuses unless `status` is given. `department` is a code.

    Raises `invalid_queue_view`, `invalid_status`.
    """
    if view not in QUEUE_VIEWS:
        raise errors.invalid_queue_view()
    tickets = Ticket.objects.select_related(
        "customer", "store", "department", "assignee__user", "plan"
    )
    checked = checks.check_status(status) if status else None
    if checked:
        tickets = tickets.filter(status=checked)
    if checked is None or checked in OPEN_STATUSES:
        # the open-queue partial indexes hold the order: a page reads only its rows
        tickets = tickets.filter(open_statuses_filter())
    if view == "new":
        tickets = tickets.filter(status=Status.NEW)
    elif view == "mine":
        tickets = tickets.filter(assignee=engineer)
    if department:
        # by id, so the database walks the department's index instead of joining first
        codes = Department.objects.filter(code=department).order_by().values("pk")[:1]
        tickets = tickets.filter(department_id=Subquery(codes))
    if language:
        tickets = tickets.filter(language=language)
    if hotrush is not None:
        tickets = tickets.filter(is_hotrush=hotrush)
    return tickets.order_by(*QUEUE_ORDER)


# What the console's queue rows show (desk/console/templatetags/console_queue.py) and their reply
# clocks read (`reply_clock.time_left`); the keys of the page are among them.
QUEUE_ROW_FIELDS = (
    "subject",
    "language",
    "is_hotrush",
    "status",
    "entitlement_kind",
    "credit_priority",
    "unrouted_reason",
    "created_at",
    "reply_due_at",
    "awaiting_reply_since",
    "reply_paused_at",
    "reply_left",
    "plan_id",
    "department__name",
    "department__name_ru",
    "customer__full_name",
    "customer__email",
    "store__canonical_url",
    "assignee__user__full_name",
    "assignee__user__email",
)


def queue_rows(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`tickets_for_queue` narrowed to what a queue row shows: four joins instead of five and
    some 25 columns instead of 90 (a page's rows cost a third of the ORM time to read). Any
    other field is read by a query of its own: keep QUEUE_ROW_FIELDS in step with the row."""
    related = ("customer", "store", "department", "assignee__user")
    return tickets.select_related(None).select_related(*related).only(*QUEUE_ROW_FIELDS)


def first_queue_page(
    *,
    engineer: Engineer,
    view: str = "all",
    department: str | None = None,
    language: str | None = None,
    status: str | None = None,
    hotrush: bool | None = None,
    size: int,
) -> KeysetPage:
    """The first page of `queue_rows(tickets_for_queue(...))` by QUEUE_KEYS, as `keyset_page`
    reads it without a cursor, through queries compiled once per kind of queue: the engineer
    (for "mine") and the department code are the values sent. Arguments as `tickets_for_queue`
    takes them, checked by it first."""
    valued, empty = _first_page_reads(view, department is not None, language, status, hotrush, size)
    values: list[int | str] = [engineer.pk] if view == "mine" else []
    if department is not None:
        values.append(department)
    return first_page(valued.rows(*values), lambda: empty.rows(*values), QUEUE_KEYS, size)


@functools.lru_cache(maxsize=512)
def _first_page_reads(
    view: str,
    has_department: bool,
    language: str | None,
    status: str | None,
    hotrush: bool | None,
    size: int,
) -> tuple[PreparedQuery[Ticket], PreparedQuery[Ticket]]:
    kinds: tuple[type, ...] = ((int,) if view == "mine" else ()) + (
        (str,) if has_department else ()
    )

    def rows(*values: Any, due: bool) -> QuerySet[Ticket]:
        given = list(values)
        engineer = Engineer(pk=given.pop(0)) if view == "mine" else Engineer()
        tickets = tickets_for_queue(
            engineer=engineer,
            view=view,
            department=given.pop(0) if has_department else None,
            language=language,
            status=status,
            hotrush=hotrush,
        )
        first = QUEUE_KEYS.fields[0]
        part = queue_rows(tickets).filter(**{f"{first}__isnull": not due})
        return part.order_by(*QUEUE_KEYS.order_by())[: size + 1]

    return (
        PreparedQuery(Ticket, functools.partial(rows, due=True), kinds=kinds),
        PreparedQuery(Ticket, functools.partial(rows, due=False), kinds=kinds),
    )


def tickets_of_customer(customer: User, *, status: str | None = None) -> QuerySet[Ticket]:
    """A customer's requests, newest first."""
    tickets = Ticket.objects.filter(customer=customer).select_related("store", "department")
    if status:
        tickets = tickets.filter(status=checks.check_status(status))
    return tickets.order_by("-created_at", "-id")


def other_tickets_of_customer(ticket: Ticket, *, limit: int) -> list[Ticket]:
    """The customer's latest requests besides `ticket`, newest first: at most `limit`, in one
    query (the customer index). Each with the fields a line about it shows (`OTHER_FIELDS`);
    reading another costs a query per request. Compiled once per limit (desk.core.prepared)."""
    return _others_read(limit).rows(ticket.customer_id, ticket.pk)


@functools.cache
def _others_read(limit: int) -> PreparedQuery[Ticket]:
    def build(customer_id: int, ticket_id: int) -> QuerySet[Ticket]:
        others = Ticket.objects.filter(customer_id=customer_id).exclude(pk=ticket_id)
        others = others.select_related("store").only(*OTHER_FIELDS)
        return others.order_by("-created_at", "-id")[:limit]

    return PreparedQuery(Ticket, build, arity=2)


# A line about another request (console/_customer_panel.html): reference, status, subject, store
OTHER_FIELDS = ("subject", "status", "created_at", "store__canonical_url")


def status_counts_of_customer(customer: User) -> dict[str, int]:
    """Number of the customer's requests per status (every status present), in one query that
    reads only the (customer, status) index: COUNT(*), as COUNT(id) would visit every row."""
    counts = dict.fromkeys(Status.values, 0)
    rows = (
        Ticket.objects.filter(customer=customer)
        .order_by()
        .values_list("status")
        .annotate(total=Count("*"))
    )
    for status, total in rows:
        counts[status] = total
    return counts


def ticket_messages(ticket: Ticket, *, include_notes: bool) -> QuerySet[Message]:
    """The conversation in order, with authors and files (two queries)."""
    messages = Message.objects.filter(ticket=ticket)
    if not include_notes:
        messages = messages.exclude(kind=MessageKind.NOTE)
    return (
        messages.select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "id"))
        )
        .order_by("created_at", "id")
    )


def public_messages(ticket: Ticket) -> QuerySet[Message]:
    """What the customer sees: customer messages and engineer replies, no internal notes."""
    return ticket_messages(ticket, include_notes=False)


def ticket_events(ticket: Ticket, *, for_customer: bool = False) -> QuerySet[TicketEvent]:
    """The request's history, oldest first. `for_customer` hides internal-note events."""
    events = TicketEvent.objects.filter(ticket=ticket).select_related("actor")
    if for_customer:
        events = events.exclude(kind__in=INTERNAL_EVENT_KINDS)
    return events.order_by("created_at", "id")

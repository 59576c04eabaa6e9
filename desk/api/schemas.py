"""Typed API schemas. Money travels as a decimal string plus a currency code; times are ISO 8601
in UTC (`...Z`).

JSON bodies are typed strictly (`"5"` is not an id, `1` is not `true`). Inbound text is bounded
generously here (so a megabyte of text never reaches a service) and must not contain NUL, which
PostgreSQL cannot store; the services apply the real limits, with their codes and messages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Final, Literal, cast

from django.urls import reverse
from ninja import Field, Schema
from pydantic import AfterValidator, StrictBool, StrictInt, StringConstraints

from desk.billing.models import Invoice, Order, OrderStatus, Quote
from desk.core import clock
from desk.entitlements.models import CreditEntry, Subscription
from desk.stores.models import Store
from desk.tickets import expectations, reply_clock
from desk.tickets.expectations import Expectation
from desk.tickets.models import Attachment, EventKind, Message, Ticket, TicketEvent
from desk.tickets.selectors import ticket_events


def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
Code = Annotated[str, StringConstraints(max_length=50), AfterValidator(_refuse_nul)]
Url = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_refuse_nul)]
Subject = Annotated[str, StringConstraints(max_length=1_000), AfterValidator(_refuse_nul)]
Body = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(_refuse_nul)]
Reason = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(_refuse_nul)]
Search = Annotated[str, StringConstraints(max_length=100), AfterValidator(_refuse_nul)]
DepartmentCode = Annotated[
    str, StringConstraints(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$"), AfterValidator(_refuse_nul)
]
LanguageCode = Literal["en", "ru"]
CreditPriority = Literal["normal", "urgent"]


# --- errors -------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = Field(description="Stable machine code; branch on this.")
    message: str = Field(description="Human message in the request's language.")


class InvalidInputOut(ErrorOut):
    errors: list[dict[str, Any]]


def error_responses(*statuses: int) -> dict[int, type[Schema]]:
    """Error answers of an endpoint for the schema: 401 and 422 always, plus `statuses`."""
    answers: dict[int, type[Schema]] = {401: ErrorOut, 422: InvalidInputOut}
    answers.update(dict.fromkeys(statuses, ErrorOut))
    return answers


# Figures kept on a row for its schema: computed once per answer (or per page) rather than once
# per field or per row. Keys of the instance's __dict__, so they never shadow a model field.
_REDIRECT_URL: Final = "_api_redirect_url"
_EXPECTATION: Final = "_api_expectation"
_TIME_LEFT: Final = "_api_time_left"


# --- catalog ------------------------------------------------------------------------------------


class PlanOut(Schema):
    code: str
    kind: str
    name: str
    price: Decimal
    currency: str
    period_months: int | None
    incident_priority: str
    allows_hotrush: bool
    includes_calls: bool
    includes_installation: bool


# --- stores, subscriptions, credits ------------------------------------------------------------


class StoreIn(Schema):
    url: Url


class StoreSubscriptionOut(Schema):
    plan_code: str
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    is_active: bool

    @staticmethod
    def resolve_plan_code(obj: Subscription) -> str:
        return obj.plan.code


class StoreOut(Schema):
    id: int
    canonical_url: str
    has_customization_agreement: bool
    created_at: UtcDateTime
    subscription: StoreSubscriptionOut | None

    @staticmethod
    def resolve_subscription(obj: Store) -> Subscription | None:
        # Joined by the selector (or absent on a new store): no query either way.
        return getattr(obj, "subscription", None)


class SubscriptionOut(Schema):
    id: int
    store_id: int
    store_url: str
    plan_code: str
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    is_active: bool

    @staticmethod
    def resolve_store_url(obj: Subscription) -> str:
        return obj.store.canonical_url

    @staticmethod
    def resolve_plan_code(obj: Subscription) -> str:
        return obj.plan.code


class CreditsOut(Schema):
    urgent: int
    normal: int


class CreditEntryOut(Schema):
    id: int
    priority: str
    delta: int = Field(description="+n bought or returned, -1 used for a request.")
    reason: str
    order_number: str | None
    ticket_id: int | None
    note: str
    created_at: UtcDateTime

    @staticmethod
    def resolve_order_number(obj: CreditEntry) -> str | None:
        return obj.order.number if obj.order is not None else None


# --- orders -------------------------------------------------------------------------------------


class OrderIn(Schema):
    plan_code: Code
    store_id: StrictInt | None = Field(
        None, description="Required for subscriptions, else omitted."
    )
    quantity: StrictInt = Field(1, description="Periods of a subscription or number of credits.")
    provider: Code = Field(
        "offline", description="How to pay: `offline` (invoice) or `stripe` (when offered)."
    )


def _invoice(order: Order) -> Invoice | None:
    # Joined by every order selector; a missing invoice is cached as absent, not queried.
    return getattr(order, "invoice", None)


class OrderOut(Schema):
    id: int
    number: str
    plan_code: str | None = Field(description="The plan bought; null for a quote's order.")
    quote_id: int | None = Field(description="The quote paid for; null for a plan's order.")
    store_id: int | None
    store_url: str | None
    quantity: int
    amount: Decimal
    currency: str
    status: str
    provider: str
    created_at: UtcDateTime
    paid_at: UtcDateTime | None
    invoice_number: str | None = Field(description="Use as the bank transfer reference.")

    @staticmethod
    def resolve_plan_code(obj: Order) -> str | None:
        return obj.plan.code if obj.plan is not None else None

    @staticmethod
    def resolve_store_url(obj: Order) -> str | None:
        return obj.store.canonical_url if obj.store is not None else None

    @staticmethod
    def resolve_invoice_number(obj: Order) -> str | None:
        invoice = _invoice(obj)
        return invoice.number if invoice is not None else None


class BankDetailsOut(Schema):
    beneficiary: str = ""
    bank: str = ""
    iban: str = ""
    swift: str = ""


class OrderDetailOut(OrderOut):
    payment_reference: str | None = Field(description="The invoice number, while unpaid.")
    bank_details: BankDetailsOut | None = Field(description="Where to transfer, while unpaid.")
    invoice_pdf_url: str | None = Field(
        description="The invoice as a PDF (the portal's download, same session); null until the "
        "order has an invoice."
    )

    @staticmethod
    def resolve_invoice_pdf_url(obj: Order) -> str | None:
        if _invoice(obj) is None:
            return None
        return reverse("portal:order_invoice_pdf", kwargs={"order_id": obj.pk})

    @staticmethod
    def resolve_payment_reference(obj: Order) -> str | None:
        invoice = _invoice(obj)
        return invoice.number if invoice is not None and obj.status == OrderStatus.PENDING else None

    @staticmethod
    def resolve_bank_details(obj: Order) -> dict[str, Any] | None:
        invoice = _invoice(obj)
        if invoice is None or obj.status != OrderStatus.PENDING:
            return None
        bank = invoice.seller.get("bank", {})
        return bank if isinstance(bank, dict) else None


class OrderPlacedOut(OrderDetailOut):
    redirect_url: str = Field(
        description="Where the customer pays: the Stripe Checkout page, or the portal's order "
        "page with the invoice (offline)."
    )

    @staticmethod
    def resolve_redirect_url(obj: Order) -> str:
        return str(obj.__dict__[_REDIRECT_URL])


def with_redirect_url(order: Order, redirect_url: str) -> Order:
    """The placed order with where to pay it (its checkout's answer), for `OrderPlacedOut`."""
    order.__dict__[_REDIRECT_URL] = redirect_url
    return order


class ConsoleOrderOut(OrderOut):
    customer_email: str

    @staticmethod
    def resolve_customer_email(obj: Order) -> str:
        return obj.customer.email


class MarkPaidOut(Schema):
    changed: bool = Field(description="False when the order had been paid already.")
    order: ConsoleOrderOut


# --- tickets ------------------------------------------------------------------------------------


class TicketIn(Schema):
    store_id: StrictInt
    subject: Subject
    body: Body
    category: Code
    language: LanguageCode | None = Field(None, description="Defaults to the account's language.")
    is_hotrush: StrictBool = False
    credit_priority: CreditPriority | None = None


class TicketOut(Schema):
    id: int
    reference: str
    subject: str
    status: str
    category: str
    language: str
    is_hotrush: bool
    store_id: int
    store_url: str
    department: str
    entitlement_kind: str
    credit_priority: str
    out_of_scope: bool
    bug_url: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    reply_due_at: UtcDateTime | None

    @staticmethod
    def resolve_store_url(obj: Ticket) -> str:
        return obj.store.canonical_url

    @staticmethod
    def resolve_department(obj: Ticket) -> str:
        return obj.department.code


def _expectation(ticket: Ticket) -> Expectation | None:
    # Four queries (the policy, the queue ahead, engineers, recent replies): that is why only the
    # one-request answers carry it, never a list. Computed once per answer, not once per field.
    if _EXPECTATION not in ticket.__dict__:
        ticket.__dict__[_EXPECTATION] = expectations.for_ticket(ticket)
    return cast("Expectation | None", ticket.__dict__[_EXPECTATION])


class TicketDetailOut(TicketOut):
    out_of_scope_reason: str = Field(description="Why it was ruled out of scope, if it was.")
    guaranteed_reply_at: UtcDateTime | None = Field(
        description="The latest time a reply is promised by (the SLA); null when no reply is "
        "owed or it is overdue. Only on one request (not in the list): it costs queries."
    )
    expected_reply_at: UtcDateTime | None = Field(
        description="The honest estimate from the queue ahead, never later than the guarantee; "
        "null when `guaranteed_reply_at` is."
    )

    @staticmethod
    def resolve_guaranteed_reply_at(obj: Ticket) -> datetime | None:
        expectation = _expectation(obj)
        return expectation.guarantee if expectation is not None else None

    @staticmethod
    def resolve_expected_reply_at(obj: Ticket) -> datetime | None:
        expectation = _expectation(obj)
        return expectation.expected if expectation is not None else None

    @staticmethod
    def resolve_out_of_scope_reason(obj: Ticket) -> str:
        if not obj.out_of_scope:
            return ""
        reasons = [
            str(event.data.get("reason", ""))
            for event in ticket_events(obj, for_customer=True)
            if event.kind == EventKind.OUT_OF_SCOPE
        ]
        return reasons[-1] if reasons else ""


class ConsoleTicketOut(TicketOut):
    customer_id: int
    customer_email: str
    plan_code: str
    assignee_id: int | None
    assignee_email: str | None

    @staticmethod
    def resolve_customer_email(obj: Ticket) -> str:
        return obj.customer.email

    @staticmethod
    def resolve_plan_code(obj: Ticket) -> str:
        return obj.plan.code

    @staticmethod
    def resolve_assignee_email(obj: Ticket) -> str | None:
        return obj.assignee.user.email if obj.assignee is not None else None


class QueueTicketOut(ConsoleTicketOut):
    working_seconds_left: int | None = Field(
        description="Working time left before the reply is due, in the policy's business hours; "
        "0 once overdue, null when no reply is owed."
    )
    is_overdue: bool = Field(description="The reply due time has passed.")

    @staticmethod
    def resolve_working_seconds_left(obj: Ticket) -> int | None:
        left = _time_left(obj)
        if left is None:
            return None
        return 0 if left.is_overdue else left.seconds

    @staticmethod
    def resolve_is_overdue(obj: Ticket) -> bool:
        left = _time_left(obj)
        return left is not None and left.is_overdue


def with_time_left(tickets: list[Ticket]) -> None:
    """Attach the reply clock's time left to a page of the queue: one policy query per page."""
    left = reply_clock.time_left(tickets, clock.now())
    for ticket in tickets:
        ticket.__dict__[_TIME_LEFT] = left.get(ticket.pk)


def _time_left(ticket: Ticket) -> reply_clock.TimeLeft | None:
    return cast("reply_clock.TimeLeft | None", ticket.__dict__.get(_TIME_LEFT))


class MessageIn(Schema):
    body: Body


class ReplyIn(Schema):
    body: Body
    status: Code | None = Field(None, description="Status after the reply; default waiting.")


class AttachmentOut(Schema):
    id: int
    original_name: str
    size: int
    content_type: str
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Attachment) -> str:
        return reverse("portal:attachment", kwargs={"attachment_id": obj.pk})


class MessageOut(Schema):
    id: int
    kind: str
    author_name: str
    body: str
    created_at: UtcDateTime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author_name(obj: Message) -> str:
        return obj.author.display_name

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Attachment]:
        return list(obj.attachments.all())  # prefetched by the selector


class EventOut(Schema):
    id: int
    kind: str
    actor_name: str | None
    from_value: str
    to_value: str
    data: dict[str, Any]
    created_at: UtcDateTime

    @staticmethod
    def resolve_actor_name(obj: TicketEvent) -> str | None:
        return obj.actor.display_name if obj.actor is not None else None


class StatusIn(Schema):
    status: Code


class AssignIn(Schema):
    engineer_id: StrictInt | None = Field(description="null unassigns.")


class ReasonIn(Schema):
    reason: Reason


class BugIn(Schema):
    url: Url


class QueueFilters(Schema):
    view: Code = Field("all", description="new, mine or all.")
    department: DepartmentCode | None = Field(None, description="A department code.")
    language: LanguageCode | None = None
    status: Code | None = Field(None, description="One status; default: every open status.")
    hotrush: bool | None = None


# --- server access details of installation requests (secrets) --------------------------------


class ServerAccessIn(Schema):
    host: Url = Field(description="Host name, IP address or control panel URL (at most 500).")
    protocol: Code = Field(description="ssh, sftp, ftp, control_panel or other.")
    username: Subject = ""
    secret: Body = Field("", description="Password or private key (at most 10000 characters).")
    notes: Body = Field("", description="At most 2000 characters.")


class ServerAccessStateOut(Schema):
    provided_at: UtcDateTime = Field(description="The details themselves are never shown again.")


class ServerAccessOut(Schema):
    host: str
    protocol: str
    username: str
    secret: str
    notes: str
    provided_at: UtcDateTime


# --- quotes -------------------------------------------------------------------------------------


class QuoteIn(Schema):
    description: Reason
    amount: Decimal = Field(description="In USD, above 0 and at most 100000, whole cents.")
    reason: Reason = Field(
        "", description="Why it is out of scope; needed when the request is not ruled so yet."
    )


class QuoteAcceptIn(Schema):
    provider: Code = Field(description="How to pay: `offline` (invoice) or `stripe`.")


class QuoteOut(Schema):
    id: int
    number: str
    ticket_id: int
    description: str
    amount: Decimal
    currency: str
    status: str = Field(description="offered, accepted, declined, paid or withdrawn.")
    order_id: int | None = Field(description="The order placed when it was accepted.")
    created_at: UtcDateTime
    decided_at: UtcDateTime | None

    @staticmethod
    def resolve_order_id(obj: Quote) -> int | None:
        order = getattr(obj, "order", None)  # joined by the selector; absent until accepted
        return order.pk if order is not None else None


class QuoteAcceptedOut(Schema):
    redirect_url: str = Field(description="Where the customer pays: the order or Stripe.")
    order: OrderDetailOut

"""Requests as their customer sees them: opening, reading, writing, and server access."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, cast

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictBool

from desk.accounts.models import Language
from desk.api.schemas.fields import (
    Body,
    CategoryCode,
    CreditPriority,
    DepartmentCode,
    JsonInt,
    LanguageCode,
    ProtocolCode,
    StatusCode,
    Subject,
    Url,
    UtcDateTime,
    moment_or_none,
    one_of,
    text,
)
from desk.core.formatting import format_moment
from desk.tickets.checks import BODY_MAX, SUBJECT_MAX
from desk.tickets.clock import expectations, reply_clock
from desk.tickets.clock.expectations import Expectation
from desk.tickets.models import (
    Attachment,
    EventKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEvent,
)
from desk.tickets.scope import Category
from desk.tickets.selectors import ticket_events
from desk.tickets.server_access import HOST_MAX, NOTES_MAX, SECRET_MAX, USERNAME_MAX

# Figures kept on a row for its schema: computed once per answer (or per page) rather than once
# per field or per row. Keys of the instance's __dict__, so they never shadow a model field.
_EXPECTATION: Final = "_api_expectation"

MessageBody = Annotated[Body, text(BODY_MAX, min_length=1)]


class TicketIn(Schema):
    store_id: JsonInt
    subject: Annotated[Subject, text(SUBJECT_MAX, min_length=1)]
    body: MessageBody
    category: CategoryCode
    language: LanguageCode | None = Field(None, description="Defaults to the account's language.")
    is_hotrush: StrictBool = False
    credit_priority: CreditPriority | None = None


class DepartmentTicketIn(Schema):
    department: DepartmentCode = Field(
        description="A department that answers without a subscription or a credit "
        "(`customer-service`, `sales`)."
    )
    subject: Annotated[Subject, text(SUBJECT_MAX, min_length=1)]
    body: MessageBody
    language: LanguageCode | None = Field(None, description="Defaults to the account's language.")


class TicketOut(Schema):
    id: int
    reference: str
    subject: str
    status: Annotated[str, one_of(Status.values)]
    category: Annotated[str, one_of(Category.values)]
    language: Annotated[str, one_of(Language.values)]
    is_hotrush: bool
    store_id: int | None = Field(description="Null on a request to a department (no store).")
    store_url: str
    department: str
    entitlement_kind: str
    credit_priority: str
    out_of_scope: bool
    bug_url: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    reply_due_at: UtcDateTime | None
    created_at_display: str = Field(
        description="`created_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "for display only, parse the raw field."
    )
    reply_due_at_display: str | None = Field(
        description="`reply_due_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "null when `reply_due_at` is."
    )
    reply_paused: bool = Field(
        description="The reply clock stands still (the request waits on the customer or is "
        "resolved): `reply_due_at` is null meanwhile, and the working time that was left comes "
        "back if staff reopen it; a customer message starts a new reply clock."
    )

    @staticmethod
    def resolve_created_at_display(obj: Ticket) -> str:
        return format_moment(obj.created_at)

    @staticmethod
    def resolve_reply_due_at_display(obj: Ticket) -> str | None:
        return moment_or_none(obj.reply_due_at)

    @staticmethod
    def resolve_reply_paused(obj: Ticket) -> bool:
        return reply_clock.is_paused(obj)

    @staticmethod
    def resolve_store_url(obj: Ticket) -> str:
        return obj.store.canonical_url if obj.store is not None else ""

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

    guaranteed_reply_at_display: str | None = Field(
        description="`guaranteed_reply_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "null when `guaranteed_reply_at` is."
    )
    expected_reply_at_display: str | None = Field(
        description="`expected_reply_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "null when `expected_reply_at` is."
    )

    support_opens_at: UtcDateTime | None = Field(
        description="Support is closed now and opens at this time (tell the customer so); null "
        "while support is open or no reply is owed."
    )

    @staticmethod
    def resolve_support_opens_at(obj: Ticket) -> datetime | None:
        expectation = _expectation(obj)
        return expectation.opens_at if expectation is not None else None

    @staticmethod
    def resolve_guaranteed_reply_at(obj: Ticket) -> datetime | None:
        expectation = _expectation(obj)
        return expectation.guarantee if expectation is not None else None

    @staticmethod
    def resolve_expected_reply_at(obj: Ticket) -> datetime | None:
        expectation = _expectation(obj)
        return expectation.expected if expectation is not None else None

    @staticmethod
    def resolve_guaranteed_reply_at_display(obj: Ticket) -> str | None:
        return moment_or_none(TicketDetailOut.resolve_guaranteed_reply_at(obj))

    @staticmethod
    def resolve_expected_reply_at_display(obj: Ticket) -> str | None:
        return moment_or_none(TicketDetailOut.resolve_expected_reply_at(obj))

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


class MessageIn(Schema):
    body: MessageBody


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
    kind: Annotated[str, one_of(MessageKind.values)]
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
    kind: Annotated[str, one_of(EventKind.values)]
    actor_name: str | None
    from_value: str
    to_value: str
    data: dict[str, Any]
    created_at: UtcDateTime

    @staticmethod
    def resolve_actor_name(obj: TicketEvent) -> str | None:
        return obj.actor.display_name if obj.actor is not None else None


class StatusIn(Schema):
    status: StatusCode


# --- server access details of installation requests (secrets) --------------------------------


class ServerAccessIn(Schema):
    host: Annotated[Url, text(HOST_MAX, min_length=1)] = Field(
        description="Host name, IP address or control panel URL."
    )
    protocol: ProtocolCode
    username: Annotated[Subject, text(USERNAME_MAX)] = ""
    secret: Annotated[Body, text(SECRET_MAX)] = Field("", description="Password or private key.")
    notes: Annotated[Body, text(NOTES_MAX)] = ""


class ServerAccessStateOut(Schema):
    provided_at: UtcDateTime = Field(description="The details themselves are never shown again.")

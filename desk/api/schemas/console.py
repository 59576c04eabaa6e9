"""What engineers and staff see and send in the console: orders, the queue, engineer actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Final, cast

from ninja import Field, Schema

from desk.api.schemas.customer import OrderOut
from desk.api.schemas.fields import (
    DepartmentCode,
    Documented,
    JsonInt,
    LanguageCode,
    QueueView,
    Reason,
    StatusCode,
    Url,
    UtcDateTime,
    text,
)
from desk.api.schemas.tickets import MessageBody, TicketOut
from desk.billing.models import Order
from desk.core import clock
from desk.tickets.checks import BUG_URL_MAX, REASON_MAX
from desk.tickets.clock import reply_clock
from desk.tickets.models import Ticket

# Figures kept on a row for its schema: computed once per answer (or per page) rather than once
# per field or per row. Keys of the instance's __dict__, so they never shadow a model field.
_TIME_LEFT: Final = "_api_time_left"


# --- orders -------------------------------------------------------------------------------------


class ConsoleOrderOut(OrderOut):
    customer_email: str
    received_amount: Decimal | None = Field(
        description="What staff recorded as received by bank transfer; null until then."
    )
    received_on: date | None = Field(
        description="The day the bank transfer arrived, as staff recorded it; null until then."
    )

    @staticmethod
    def resolve_customer_email(obj: Order) -> str:
        return obj.customer.email


# A JSON number or a decimal string; the service refuses any but the order's amount (400).
_RECEIVED_AMOUNT = Documented(
    {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": 10**10},
            {"type": "string", "pattern": r"^[0-9]{1,10}(\.[0-9]{1,2})?$"},
        ]
    }
)


class MarkPaidIn(Schema):
    """What arrived, read off the bank statement (the console's "Mark paid" form)."""

    amount: Annotated[Decimal, _RECEIVED_AMOUNT] = Field(
        description="The amount received, in the order's currency: exactly the order's amount "
        "(any other is `payment_amount_mismatch`)."
    )
    received_on: date = Field(
        description="The day it arrived, in your time zone: not in the future, not before the "
        "day the order was placed."
    )


# --- tickets ------------------------------------------------------------------------------------


class ConsoleTicketOut(TicketOut):
    customer_id: int
    customer_email: str
    plan_code: str
    assignee_id: int | None
    assignee_email: str | None
    unrouted_reason: str = Field(
        description="Why routing left it unassigned: no_engineer, no_speaker, off_shift; empty "
        "when it did not (or someone took it since)."
    )

    @staticmethod
    def resolve_customer_email(obj: Ticket) -> str:
        return obj.customer.email

    @staticmethod
    def resolve_plan_code(obj: Ticket) -> str:
        return obj.plan.code if obj.plan is not None else ""

    @staticmethod
    def resolve_assignee_email(obj: Ticket) -> str | None:
        return obj.assignee.user.email if obj.assignee is not None else None


class QueueTicketOut(ConsoleTicketOut):
    working_seconds_left: int | None = Field(
        description="Working time left before the reply is due, in the policy's business hours; "
        "0 once overdue; while the clock is paused, the working time it will have when it runs "
        "again; null when no reply is owed."
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


class ReplyIn(Schema):
    body: MessageBody
    status: StatusCode | None = Field(None, description="Status after the reply; default waiting.")


class AssignIn(Schema):
    engineer_id: JsonInt | None = Field(description="null unassigns.")


class DepartmentIn(Schema):
    department: DepartmentCode = Field(description="The department's code.")


class ReasonIn(Schema):
    reason: Annotated[Reason, text(REASON_MAX, min_length=1)]


class BugIn(Schema):
    url: Annotated[Url, text(BUG_URL_MAX, min_length=1)]


class QueueFilters(Schema):
    view: QueueView = Field("all", description="new, mine or all.")
    department: DepartmentCode | None = Field(None, description="A department code.")
    language: LanguageCode | None = None
    status: StatusCode | None = Field(None, description="One status; default: every open status.")
    hotrush: bool | None = None


# --- server access details of installation requests (secrets) --------------------------------


class ServerAccessOut(Schema):
    host: str
    protocol: str
    username: str
    secret: str
    notes: str
    provided_at: UtcDateTime

"""Typed API schemas. Money travels as a decimal string plus a currency code."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str


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


class StoreIn(Schema):
    url: str


class StoreOut(Schema):
    id: int
    canonical_url: str
    has_customization_agreement: bool
    created_at: datetime


class SubscriptionOut(Schema):
    id: int
    store_id: int
    store_url: str
    plan_code: str
    starts_at: datetime
    ends_at: datetime
    is_active: bool


class CreditsOut(Schema):
    urgent: int
    normal: int


class OrderIn(Schema):
    plan_code: str
    store_id: int | None = None
    quantity: int = 1


class OrderOut(Schema):
    id: int
    number: str
    plan_code: str
    store_id: int | None
    quantity: int
    amount: Decimal
    currency: str
    status: str
    provider: str
    created_at: datetime
    paid_at: datetime | None
    invoice_number: str | None


class TicketIn(Schema):
    store_id: int
    subject: str
    body: str
    category: str
    language: str = "en"
    is_hotrush: bool = False
    credit_priority: str | None = None


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
    entitlement_kind: str
    credit_priority: str
    out_of_scope: bool
    bug_url: str
    created_at: datetime
    updated_at: datetime
    reply_due_at: datetime | None


class QueueTicketOut(TicketOut):
    customer_email: str
    department: str
    assignee_email: str | None


class MessageIn(Schema):
    body: str


class ReplyIn(Schema):
    body: str
    status: str | None = None


class AttachmentOut(Schema):
    id: int
    original_name: str
    size: int
    content_type: str


class MessageOut(Schema):
    id: int
    kind: str
    author_name: str
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]


class StatusIn(Schema):
    status: str


class AssignIn(Schema):
    engineer_id: int | None


class ReasonIn(Schema):
    reason: str


class BugIn(Schema):
    url: str

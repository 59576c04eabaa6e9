"""A customer's stores, subscriptions, incident credits and orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Final

from django.urls import reverse
from ninja import Field, Schema

from desk.api.schemas.fields import (
    Code,
    JsonInt,
    ProviderCode,
    Quantity,
    Url,
    UtcDateTime,
    moment_or_none,
    one_of,
)
from desk.billing.models import Invoice, Order, OrderStatus
from desk.core.formatting import format_moment, format_money
from desk.entitlements.models import CreditEntry, Subscription
from desk.stores.models import Store

# Figures kept on a row for its schema: computed once per answer (or per page) rather than once
# per field or per row. Keys of the instance's __dict__, so they never shadow a model field.
_REDIRECT_URL: Final = "_api_redirect_url"


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
    store_id: JsonInt | None = Field(None, description="Required for subscriptions, else omitted.")
    quantity: Quantity = Field(1, description="Periods of a subscription or number of credits.")
    provider: ProviderCode = Field(
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
    status: Annotated[str, one_of(OrderStatus.values)]
    provider: str
    created_at: UtcDateTime
    paid_at: UtcDateTime | None
    invoice_number: str | None = Field(description="Use as the bank transfer reference.")
    amount_display: str = Field(
        description="`amount` with `currency`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "for display only, parse the raw field."
    )
    created_at_display: str = Field(
        description="`created_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "for display only, parse the raw field."
    )
    paid_at_display: str | None = Field(
        description="`paid_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "null when `paid_at` is."
    )

    @staticmethod
    def resolve_amount_display(obj: Order) -> str:
        return format_money(obj.amount, obj.currency)

    @staticmethod
    def resolve_created_at_display(obj: Order) -> str:
        return format_moment(obj.created_at)

    @staticmethod
    def resolve_paid_at_display(obj: Order) -> str | None:
        return moment_or_none(obj.paid_at)

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

"""Quotes for work outside the service scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from desk.api.schemas.customer import OrderDetailOut
from desk.api.schemas.fields import Documented, ProviderCode, Reason, UtcDateTime, text
from desk.billing.models import Quote
from desk.billing.quotes import AMOUNT_MAX, DESCRIPTION_MAX
from desk.tickets.checks import REASON_MAX

# --- quotes -------------------------------------------------------------------------------------


# A JSON number or a decimal string, above 0, at most AMOUNT_MAX, whole cents.
_AMOUNT_RANGE = Documented(
    {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": int(AMOUNT_MAX)},
            {"type": "string", "pattern": r"^[0-9]{1,6}(\.[0-9]{1,2})?$"},
        ]
    }
)


class QuoteIn(Schema):
    description: Annotated[Reason, text(DESCRIPTION_MAX, min_length=1)]
    amount: Annotated[Decimal, _AMOUNT_RANGE] = Field(
        description="In USD, above 0 and at most 100000, whole cents."
    )
    reason: Annotated[Reason, text(REASON_MAX)] = Field(
        "", description="Why it is out of scope; needed when the request is not ruled so yet."
    )


class QuoteAcceptIn(Schema):
    provider: ProviderCode = Field(description="How to pay: `offline` (invoice) or `stripe`.")


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

"""Payment providers behind one Protocol, in a typed registry `{code: provider}`.

A provider turns a placed order into the next step for the customer (`start_checkout`): the
offline provider issues an invoice and shows it; a card provider (Stripe, later) would create a
hosted checkout session and send the customer there. Providers that learn about payments from the
outside also implement `WebhookProvider`; the webhook view then calls
`desk.entitlements.services.confirm_payment` for each `PaymentNotice`, never a model save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

from django.utils.functional import Promise
from django.utils.module_loading import import_string

from desk.billing import errors

if TYPE_CHECKING:
    from desk.billing.models import Order


@dataclass(frozen=True, slots=True)
class CheckoutStart:
    """Where to send the customer once the order is placed."""

    redirect_url: str


@dataclass(frozen=True, slots=True)
class PaymentNotice:
    """A provider's word that an order was paid (or that a payment failed)."""

    order_id: int
    provider_reference: str
    is_paid: bool


@runtime_checkable
class PaymentProvider(Protocol):
    code: str
    label: str | Promise
    # True when the customer pays later by themselves and staff confirm the payment by hand.
    is_manual: bool

    def start_checkout(self, order: Order) -> CheckoutStart:
        """Begin paying a pending order. Safe to call again for the same order."""
        ...


@runtime_checkable
class WebhookProvider(PaymentProvider, Protocol):
    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentNotice | None:
        """Verify and decode a provider callback; None for events we ignore."""
        ...


# code -> dotted path of the provider class. Imported on first use, so that adding a provider
# whose SDK is missing breaks only that provider (and the registry test), not every page.
REGISTRY: Final[Mapping[str, str]] = {
    "offline": "desk.billing.providers.offline.OfflineProvider",
}


@cache
def get_provider(code: str) -> PaymentProvider:
    """The provider registered under `code`; raises `unknown_provider`."""
    try:
        path = REGISTRY[code]
    except KeyError as exc:
        raise errors.unknown_provider() from exc
    provider: PaymentProvider = import_string(path)()
    return provider


def provider_codes() -> list[str]:
    return list(REGISTRY)

"""Payment providers behind one Protocol, in a typed registry `{code: provider}`.

A provider turns a placed order into the next step for the customer (`start_checkout`): the
offline provider issues an invoice and shows it; Stripe creates a hosted Checkout Session and
sends the customer there. Providers that learn about payments from the outside also implement
`WebhookProvider`: `verify_webhook` checks the signature and decodes the event, which
`desk.entitlements.payments` stores once and processes in a task — never in the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

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
class ProviderEvent:
    """A verified provider callback, as stored: the id makes it unique."""

    event_id: str
    type: str
    payload: dict[str, Any]
    # What the event is about: a checkout session and/or a payment (may be empty).
    session_id: str
    payment_reference: str


@runtime_checkable
class PaymentProvider(Protocol):
    code: str
    label: str | Promise
    # True when the customer pays later by themselves and staff confirm the payment by hand.
    is_manual: bool

    def is_enabled(self) -> bool:
        """False when the provider lacks its configuration (keys); it is then not offered."""
        ...

    def start_checkout(self, order: Order) -> CheckoutStart:
        """Begin paying a pending order. Safe to call again for the same order."""
        ...

    def refund(self, order: Order) -> str:
        """Give a paid order's money back; returns the provider's refund id ("" when by hand).

        Safe to call again for the same order (the provider sees one refund). Raises DeskError.
        """
        ...


@runtime_checkable
class WebhookProvider(PaymentProvider, Protocol):
    def verify_webhook(self, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """Verify and decode a provider callback; raises `webhook_signature_invalid`."""
        ...


# code -> dotted path of the provider class. Imported on first use, so that adding a provider
# whose SDK is missing breaks only that provider (and the registry test), not every page.
REGISTRY: Final[Mapping[str, str]] = {
    "offline": "desk.billing.providers.offline.OfflineProvider",
    "stripe": "desk.billing.providers.stripe_checkout.StripeProvider",
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


def enabled_providers() -> list[PaymentProvider]:
    """The providers a customer may choose now, card first when it is configured."""
    providers = [get_provider(code) for code in REGISTRY]
    return sorted((p for p in providers if p.is_enabled()), key=lambda p: p.is_manual)


def get_enabled_provider(code: str) -> PaymentProvider:
    """Like `get_provider`, but an unconfigured provider is `unknown_provider` too."""
    provider = get_provider(code)
    if not provider.is_enabled():
        raise errors.unknown_provider()
    return provider

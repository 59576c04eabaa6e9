"""Card payments through Stripe Checkout (hosted page), with the `stripe` SDK.

Checkout creates one Checkout Session per order: the idempotency key is derived from the order, so
a retried or repeated request (a timeout, a double click, "Pay" again) gets the same session back
from Stripe instead of a second one. The SDK retries network failures itself, with that same key.
Payments are learnt from signed webhooks only (`verify_webhook`); nothing is granted on the
customer's return to the success page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desk.billing import errors, lines, services
from desk.billing.models import Order
from desk.billing.providers import CheckoutStart, ProviderEvent
from desk.billing.providers.stripe_config import stripe_config

logger = logging.getLogger(__name__)

SESSION_EVENT_PREFIX = "checkout.session."


def checkout_idempotency_key(order: Order) -> str:
    return f"supportdesk-order-{order.pk}-checkout"


def refund_idempotency_key(order: Order) -> str:
    return f"supportdesk-order-{order.pk}-refund"


def stripe_client() -> stripe.StripeClient:
    config = stripe_config()
    return stripe.StripeClient(
        config.secret_key,
        base_addresses={"api": config.api_base},
        max_network_retries=config.max_network_retries,
        http_client=stripe.RequestsClient(timeout=config.timeout_seconds),
    )


def checkout_params(order: Order) -> dict[str, Any]:
    """The Checkout Session for `order`: one line at the catalog price, in minor units."""
    order_url = settings.SITE_URL.rstrip("/") + reverse("portal:order", args=[order.pk])
    unit_minor = order.money.minor_units // order.quantity
    if unit_minor * order.quantity != order.money.minor_units:
        raise ValueError(f"order {order.pk}: amount is not quantity × unit price")
    return {
        "mode": "payment",
        "client_reference_id": str(order.pk),
        "customer_email": order.customer.email,
        "locale": "ru" if order.customer.language == "ru" else "en",
        "line_items": [
            {
                "quantity": order.quantity,
                "price_data": {
                    "currency": order.currency.lower(),
                    "unit_amount": unit_minor,
                    "product_data": {"name": lines.item_name(order, order.customer.language)},
                },
            }
        ],
        "metadata": {"order_id": str(order.pk)},
        "payment_intent_data": {"metadata": {"order_id": str(order.pk)}},
        "success_url": f"{order_url}?checkout=success",
        "cancel_url": f"{order_url}?checkout=cancelled",
    }


class StripeProvider:
    code = "stripe"
    label = _("Card (Stripe)")
    is_manual = False

    def is_enabled(self) -> bool:
        return bool(stripe_config().secret_key)

    def start_checkout(self, order: Order) -> CheckoutStart:
        params = checkout_params(order)
        try:
            session = stripe_client().v1.checkout.sessions.create(
                params=params,  # type: ignore[arg-type]  # a plain dict of the documented shape
                options={"idempotency_key": checkout_idempotency_key(order)},
            )
        except stripe.StripeError as exc:
            logger.warning("stripe checkout for order %s failed: %s", order.pk, exc)
            raise errors.provider_unavailable() from exc
        services.set_provider_reference(order=order, reference=session.id)
        if not session.url:
            raise errors.provider_unavailable()
        return CheckoutStart(redirect_url=session.url)

    def refund(self, order: Order) -> str:
        if not order.payment_reference:
            raise errors.order_not_refundable()
        try:
            refund = stripe_client().v1.refunds.create(
                params={
                    "payment_intent": order.payment_reference,
                    "metadata": {"order_id": str(order.pk)},
                },
                options={"idempotency_key": refund_idempotency_key(order)},
            )
        except stripe.StripeError as exc:
            logger.warning("stripe refund for order %s failed: %s", order.pk, exc)
            raise errors.provider_unavailable() from exc
        return str(refund.id)

    def verify_webhook(self, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        config = stripe_config()
        if not config.webhook_secret:
            raise errors.webhook_not_configured()
        try:
            text = payload.decode("utf-8")
            # The SDK's check (what `stripe.Webhook.construct_event` runs): HMAC of the raw
            # body with our secret, and a timestamp within the tolerance (replays are refused).
            stripe.WebhookSignature.verify_header(
                text,
                headers.get("Stripe-Signature") or "",
                config.webhook_secret,
                config.webhook_tolerance_seconds,
            )
            data = json.loads(text)
        except (stripe.SignatureVerificationError, ValueError) as exc:  # also bad UTF-8 / JSON
            raise errors.webhook_signature_invalid() from exc
        if not (
            isinstance(data, dict)
            and isinstance(data.get("id"), str)
            and isinstance(data.get("type"), str)
            and isinstance(data.get("data"), dict)
        ):
            raise errors.webhook_signature_invalid()
        return _provider_event(data["id"], data["type"], data)


def _provider_event(event_id: str, event_type: str, data: dict[str, Any]) -> ProviderEvent:
    obj = data["data"].get("object")
    obj = obj if isinstance(obj, dict) else {}
    session_id = str(obj.get("id") or "") if event_type.startswith(SESSION_EVENT_PREFIX) else ""
    payment = obj.get("payment_intent")
    return ProviderEvent(
        event_id=event_id,
        type=event_type,
        payload=data,
        session_id=session_id,
        payment_reference=payment if isinstance(payment, str) else "",
    )

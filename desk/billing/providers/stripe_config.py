"""Stripe settings, read at call time (tests override them) with safe defaults: without
`STRIPE_SECRET_KEY` the card provider is simply not offered."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True, slots=True)
class StripeConfig:
    secret_key: str
    webhook_secret: str
    api_base: str
    webhook_tolerance_seconds: int
    timeout_seconds: float
    max_network_retries: int


def stripe_config() -> StripeConfig:
    return StripeConfig(
        secret_key=str(getattr(settings, "STRIPE_SECRET_KEY", "")),
        webhook_secret=str(getattr(settings, "STRIPE_WEBHOOK_SECRET", "")),
        api_base=str(getattr(settings, "STRIPE_API_BASE", "https://api.stripe.com")),
        webhook_tolerance_seconds=int(getattr(settings, "STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)),
        timeout_seconds=float(getattr(settings, "STRIPE_TIMEOUT_SECONDS", 20)),
        max_network_retries=int(getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2)),
    )

"""Stable error codes of ordering and payment; front doors branch on `code`."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound


def plan_not_on_sale() -> DeskError:
    return NotFound("plan_not_on_sale", _("This plan is not on sale."))


def store_required() -> DeskError:
    return DeskError("store_required", _("Choose the store this subscription will cover."))


def store_not_applicable() -> DeskError:
    return DeskError(
        "store_not_applicable", _("Incident credits are not tied to a store; do not choose one.")
    )


def store_not_found() -> DeskError:
    return NotFound("store_not_found", _("Store not found."))


def invalid_quantity(maximum: int) -> DeskError:
    return DeskError(
        "invalid_quantity",
        _("The quantity must be between 1 and %(maximum)d."),
        maximum=maximum,
    )


def unknown_provider() -> DeskError:
    return DeskError("unknown_provider", _("This payment method is not available."))


def order_not_found() -> DeskError:
    return NotFound("order_not_found", _("Order not found."))


def order_not_pending() -> DeskError:
    return DeskError(
        "order_not_pending", _("This order is no longer awaiting payment."), status=409
    )


def provider_unavailable() -> DeskError:
    return DeskError(
        "provider_unavailable",
        _("The payment service did not answer. Please try again in a few minutes."),
        status=503,
    )


def webhook_not_configured() -> DeskError:
    return DeskError("webhook_not_configured", _("This webhook is not configured."))


def webhook_signature_invalid() -> DeskError:
    return DeskError("webhook_signature_invalid", _("The webhook signature is not valid."))


def order_not_refundable() -> DeskError:
    return DeskError("order_not_refundable", _("Only a paid order can be refunded."), status=409)


def quote_not_found() -> DeskError:
    return NotFound("quote_not_found", _("Quote not found."))


def invalid_quote_amount(maximum: str) -> DeskError:
    return DeskError(
        "invalid_quote_amount",
        _("Enter an amount above zero and at most %(maximum)s, with at most two decimals."),
        maximum=maximum,
    )


def invalid_quote_description(max_length: int) -> DeskError:
    return DeskError(
        "invalid_quote_description",
        ngettext_lazy(
            "Describe the quoted work in at most %(max)d character.",
            "Describe the quoted work in at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def quote_already_open() -> DeskError:
    return DeskError(
        "quote_already_open",
        _("This request already has an open quote. Withdraw it before offering another."),
        status=409,
    )


def quote_not_open() -> DeskError:
    return DeskError(
        "quote_not_open", _("This quote is no longer open for a decision."), status=409
    )


def order_already_paid() -> DeskError:
    return DeskError(
        "order_already_paid", _("This order is already paid; nothing changed."), status=409
    )


def payment_amount_mismatch(expected: str) -> DeskError:
    return DeskError(
        "payment_amount_mismatch",
        _(
            "The amount received must equal the order amount, %(expected)s; nothing was "
            "marked paid. Settle any difference with the customer first."
        ),
        expected=expected,
    )


def payment_currency_mismatch(expected: str) -> DeskError:
    return DeskError(
        "payment_currency_mismatch",
        _("The payment must be in the order's currency, %(expected)s."),
        expected=expected,
    )


def payment_date_in_future() -> DeskError:
    return DeskError("payment_date_in_future", _("The date received cannot be in the future."))


def payment_date_before_order(placed: str) -> DeskError:
    return DeskError(
        "payment_date_before_order",
        _("The date received cannot be before the order was placed (%(placed)s)."),
        placed=placed,
    )


def payment_not_offline() -> DeskError:
    return DeskError(
        "payment_not_offline",
        _("This order is paid by card: it is marked paid when the provider confirms it."),
        status=409,
    )

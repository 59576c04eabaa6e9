"""Stable error codes of outgoing webhooks (URL refusals reuse the fetcher's `fetch_*` codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError, NotFound


def endpoint_not_found() -> NotFound:
    return NotFound("webhook_endpoint_not_found", _("Webhook endpoint not found."))


def delivery_not_found() -> NotFound:
    return NotFound("webhook_delivery_not_found", _("Webhook delivery not found."))


def no_event_types() -> DeskError:
    return DeskError(
        "webhook_no_event_types", _("Choose at least one event to send."), field="event_types"
    )


def unknown_event_type() -> DeskError:
    return DeskError(
        "webhook_unknown_event_type", _("One of the events is not known."), field="event_types"
    )


def invalid_description() -> DeskError:
    return DeskError(
        "webhook_invalid_description",
        _("Keep the description under 200 characters."),
        field="description",
    )


def not_allowed() -> DeskError:
    return DeskError("webhook_not_allowed", _("Only staff can manage webhooks."), status=403)


def url_too_long() -> DeskError:
    return DeskError(
        "webhook_url_too_long", _("The address is too long (at most 500 characters)."), field="url"
    )


def endpoint_disabled() -> DeskError:
    return DeskError(
        "webhook_endpoint_disabled",
        _("The endpoint is disabled: enable it before sending again."),
        status=409,
    )

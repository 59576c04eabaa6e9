"""Stable error codes of requests. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound, PermissionDenied


def ticket_not_found() -> NotFound:
    # Foreign and missing requests answer the same, so ids reveal nothing.
    return NotFound("ticket_not_found", _("Request not found."))


def attachment_not_found() -> NotFound:
    return NotFound("attachment_not_found", _("File not found."))


def engineer_not_found() -> NotFound:
    return NotFound("engineer_not_found", _("Engineer not found."))


def store_not_found() -> NotFound:
    return NotFound("store_not_found", _("Store not found."))


def invalid_subject(max_length: int) -> DeskError:
    return DeskError(
        "invalid_subject",
        ngettext_lazy(
            "Enter a subject of at most %(max)d character.",
            "Enter a subject of at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def invalid_body(max_length: int) -> DeskError:
    return DeskError(
        "invalid_body",
        ngettext_lazy(
            "Enter a message of at most %(max)d character.",
            "Enter a message of at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def invalid_category() -> DeskError:
    return DeskError("invalid_category", _("Choose what the request is about."))


def invalid_language() -> DeskError:
    return DeskError("invalid_language", _("Requests can be in English or Russian."))


def invalid_department() -> DeskError:
    return DeskError(
        "invalid_department", _("This department does not take requests through the HelpDesk.")
    )


def department_needs_entitlement() -> DeskError:
    return DeskError(
        "department_needs_entitlement",
        _(
            "This department answers under a support subscription or an incident credit: "
            "open a request in the HelpDesk."
        ),
        status=402,
    )


def visitor_link_invalid() -> DeskError:
    return DeskError(
        "visitor_link_invalid",
        _("This link to a request is not valid. Use the link from our latest email."),
        status=404,
    )


def visitor_link_expired() -> DeskError:
    return DeskError(
        "visitor_link_expired",
        _(
            "This link to a request has expired. Use the link from our latest email, or reply "
            "to that email."
        ),
        status=410,
    )


def invalid_credit_priority() -> DeskError:
    return DeskError("invalid_credit_priority", _("Choose a Normal or an Urgent incident."))


def installation_needs_subscription() -> DeskError:
    return DeskError(
        "installation_needs_subscription",
        _("Installation is included with a subscription only, not with a single incident."),
    )


def ticket_closed() -> DeskError:
    return DeskError(
        "ticket_closed",
        _("This request is closed. Open a new request if you need more help."),
        status=409,
    )


def reopen_window_passed(days: int) -> DeskError:
    return DeskError(
        "reopen_window_passed",
        ngettext_lazy(
            "This request was resolved more than %(days)d day ago and cannot be reopened. "
            "Please open a new request.",
            "This request was resolved more than %(days)d days ago and cannot be reopened. "
            "Please open a new request.",
            days,
        ),
        status=409,
        days=days,
    )


def invalid_status() -> DeskError:
    return DeskError("invalid_status", _("Unknown request status."))


def status_not_allowed() -> PermissionDenied:
    return PermissionDenied(
        "status_not_allowed", _("You can only mark your request resolved or closed.")
    )


def action_not_allowed() -> PermissionDenied:
    return PermissionDenied("action_not_allowed", _("Only engineers can do this."))


def engineer_inactive() -> DeskError:
    return DeskError("engineer_inactive", _("This engineer is no longer active."))


def ticket_is_bug() -> DeskError:
    return DeskError(
        "ticket_is_bug",
        _(
            "This request is linked to a product bug: bugs are fixed in a release at no charge, "
            "so it cannot be ruled out of scope or quoted."
        ),
        status=409,
    )


def already_out_of_scope() -> DeskError:
    return DeskError(
        "already_out_of_scope", _("This request has already been ruled out of scope."), status=409
    )


def invalid_reason(max_length: int) -> DeskError:
    return DeskError(
        "invalid_reason",
        ngettext_lazy(
            "Explain the decision in at most %(max)d character.",
            "Explain the decision in at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def invalid_bug_url(max_length: int) -> DeskError:
    return DeskError(
        "invalid_bug_url",
        ngettext_lazy(
            "Enter an http or https link of at most %(max)d character.",
            "Enter an http or https link of at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def invalid_queue_view() -> DeskError:
    return DeskError("invalid_queue_view", _("Unknown queue view."))


def too_many_attachments(limit: int) -> DeskError:
    return DeskError(
        "too_many_attachments",
        ngettext_lazy(
            "Attach at most %(limit)d file to one message.",
            "Attach at most %(limit)d files to one message.",
            limit,
        ),
        limit=limit,
    )


def attachment_too_large(name: str, limit: str) -> DeskError:
    return DeskError(
        "attachment_too_large",
        _("The file “%(name)s” is larger than %(limit)s."),
        status=413,
        name=name,
        limit=limit,
    )


def empty_attachment(name: str) -> DeskError:
    return DeskError("empty_attachment", _("The file “%(name)s” is empty."), name=name)


# --- server access details (desk.tickets.server_access); messages never echo a value ---------


def server_access_not_applicable() -> DeskError:
    return DeskError(
        "server_access_not_applicable",
        _("Server access details can be given on installation requests only."),
    )


def invalid_server_access(field: str | Promise, max_length: int) -> DeskError:
    return DeskError(
        "invalid_server_access",
        ngettext_lazy(
            "Server access: “%(field)s” is required, or longer than %(max)d character, or "
            "contains control characters.",
            "Server access: “%(field)s” is required, or longer than %(max)d characters, or "
            "contains control characters.",
            max_length,
        ),
        field=field,
        max=max_length,
    )


def server_access_request_not_open() -> DeskError:
    return DeskError(
        "server_access_request_not_open",
        _("Server access details can be given while the request is open only."),
        status=409,
    )


def server_access_not_provided() -> NotFound:
    return NotFound(
        "server_access_not_provided", _("The customer has not given server access details.")
    )


def server_access_wiped() -> DeskError:
    return DeskError(
        "server_access_wiped",
        _("The server access details were wiped when the request closed."),
        status=410,
    )


def server_access_assign_first() -> PermissionDenied:
    return PermissionDenied(
        "server_access_assign_first",
        _("Only the engineer working the request sees its server access: assign it to yourself."),
    )


def server_access_not_assignee() -> PermissionDenied:
    return PermissionDenied(
        "server_access_not_assignee",
        _("Only the engineer the request is assigned to sees its server access."),
    )


# --- quotes (desk.tickets.quotes) -------------------------------------------------------------


def quote_needs_out_of_scope() -> DeskError:
    return DeskError(
        "quote_needs_out_of_scope",
        _("Only work outside the service scope is quoted: give the reason to rule it so."),
    )


def already_hotrush() -> DeskError:
    return DeskError("already_hotrush", _("This request is already Hotrush."), status=409)


def hotrush_needs_open_request() -> DeskError:
    return DeskError(
        "hotrush_needs_open_request",
        _("Only an open request can be raised to Hotrush. Write to reopen it first."),
        status=409,
    )


def server_access_two_factor_required() -> PermissionDenied:
    return PermissionDenied(
        "two_factor_required",
        _(
            "Server access details need two-factor sign-in: turn it on in the console and sign "
            "in again with a code."
        ),
    )


def server_access_reason_required() -> PermissionDenied:
    return PermissionDenied(
        "server_access_reason_required",
        _(
            "You assigned this request to yourself since the customer last wrote: give a reason "
            "to view the server access details. The customer will see it."
        ),
    )


def invalid_reveal_reason(limit: int) -> DeskError:
    return DeskError(
        "invalid_reveal_reason",
        _("The reason must be text of at most %(limit)d characters."),
        limit=limit,
    )


def bulk_selection(max_count: int) -> DeskError:
    return DeskError(
        "bulk_selection",
        ngettext_lazy(
            "Select between one and %(max)d request.",
            "Select between one and %(max)d requests.",
            max_count,
        ),
        max=max_count,
    )

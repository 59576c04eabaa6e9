"""The conversation on a request: customer messages, public engineer replies, internal notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from desk.accounts.models import Engineer, User
from desk.core import clock
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import UsageKind
from desk.tickets import checks, errors, notifications
from desk.tickets.attachments import check_attachments
from desk.tickets.events import record_event
from desk.tickets.models import EntitlementKind, EventKind, Message, MessageKind, Status, Ticket
from desk.tickets.services._steps import (
    _add_message,
    _changing,
    _check_engineer_active,
    _check_not_closed,
    _save,
    _set_assignee,
    _set_status,
    _start_reply_clock,
    _stop_reply_clock,
)
from desk.tickets.webhook_events import emit_request_event
from desk.webhooks.models import EventType


def add_customer_message(
    *, ticket: Ticket, author: User, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """The customer writes on their request. Waiting or resolved requests become open again;
    a resolved incident reopens free within DESK_INCIDENT_REOPEN_DAYS, not after.

    Raises `ticket_not_found` (not the author's request), `ticket_closed`, `reopen_window_passed`.
    """
    body = checks.check_body(body)
    if author.pk != ticket.customer_id:
        raise errors.ticket_not_found()
    check_attachments(attachments)
    with _changing(ticket) as stored:
        _check_not_closed(ticket)
        now = clock.now()
        # An out-of-scope ruling is final for the customer: their credit came back, so a message
        # is kept for the engineers but neither reopens the request nor starts a reply clock.
        ruled_out = ticket.out_of_scope and ticket.status == Status.RESOLVED
        if ticket.status == Status.RESOLVED and not ruled_out:
            _check_reopen_window(ticket, now)
        message = _add_message(ticket, author, MessageKind.CUSTOMER, body, attachments, stored)
        record_event(ticket, EventKind.MESSAGE, actor=author, data={"message_id": message.pk})
        fields = ["updated_at"]
        if not ruled_out:
            # A new clock first (a paused one is replaced under the full guarantee), so that
            # reopening does not resume the old one.
            fields += _start_reply_clock(ticket, now)
            if ticket.status in (Status.WAITING, Status.RESOLVED):
                fields += _set_status(ticket, Status.OPEN, actor=author, at=now)
        _save(ticket, fields, now)
    return message


def reply(
    *,
    ticket: Ticket,
    engineer: Engineer,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    status: str | None = None,
) -> Message:
    """A public engineer reply (emailed and shown in the portal). Stops the reply clock; the
    request then waits on the customer unless `status` says otherwise; an unassigned request is
    taken by the replying engineer. Raises `ticket_closed`, `engineer_inactive`, `invalid_status`.
    """
    body = checks.check_body(body)
    _check_engineer_active(engineer)
    if status is not None:
        checks.check_status(status)
    check_attachments(attachments)
    actor = engineer.user
    with _changing(ticket) as stored:
        _check_not_closed(ticket)
        now = clock.now()
        message = _add_message(ticket, actor, MessageKind.REPLY, body, attachments, stored)
        notifications.notify_reply(ticket, message)
        first = ticket.first_replied_at is None
        record_event(
            ticket, EventKind.REPLY, actor=actor, data={"message_id": message.pk, "first": first}
        )
        fields = ["updated_at", *_stop_reply_clock(ticket, now, replied=True, first=first)]
        if first:
            ticket.first_replied_at = now
            fields.append("first_replied_at")
        keep = ticket.status not in (Status.NEW, Status.OPEN)
        target = status or (ticket.status if keep else Status.WAITING)
        fields += _set_status(ticket, target, actor=actor, at=now)
        if ticket.assignee_id is None:
            fields += _set_assignee(ticket, engineer, actor=actor)
        if ticket.subscription is not None:
            entitlement_services.record_usage(
                subscription=ticket.subscription, kind=UsageKind.REPLY, ticket_id=ticket.pk
            )
        _save(ticket, fields, now)
        emit_request_event(
            EventType.REQUEST_REPLIED, ticket, message_id=message.pk, engineer_id=engineer.pk
        )
    return message


def add_note(
    *, ticket: Ticket, engineer: Engineer, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """An internal note: never shown to customers, never stops the reply clock. Allowed on
    closed requests too (it changes nothing the customer sees)."""
    body = checks.check_body(body)
    _check_engineer_active(engineer)
    check_attachments(attachments)
    with _changing(ticket) as stored:
        now = clock.now()
        message = _add_message(ticket, engineer.user, MessageKind.NOTE, body, attachments, stored)
        record_event(ticket, EventKind.NOTE, actor=engineer.user, data={"message_id": message.pk})
        _save(ticket, ["updated_at"], now)
    return message


def _check_reopen_window(ticket: Ticket, now: datetime) -> None:
    if ticket.entitlement_kind != EntitlementKind.INCIDENT or ticket.resolved_at is None:
        return
    days = settings.DESK_INCIDENT_REOPEN_DAYS
    if now - ticket.resolved_at > timedelta(days=days):
        raise errors.reopen_window_passed(days)

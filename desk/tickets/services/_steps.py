"""Small steps shared by the ticket services: the row-locked transaction, saving, status and
assignee changes with their events, messages with attachments, and the reply-clock hooks.

Private to `desk.tickets.services`: callers outside the package use the services themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from desk.accounts.models import Engineer, User
from desk.core import clock
from desk.sla.calendar import BusinessCalendar
from desk.tickets import auto_close, errors, notifications, routing, server_access, text_search
from desk.tickets.attachments import delete_stored, store_attachments
from desk.tickets.clock import reply_clock
from desk.tickets.events import record_event, record_status_change
from desk.tickets.models import EventKind, Message, MessageKind, Status, Ticket
from desk.tickets.webhook_events import emit_request_event
from desk.webhooks.models import EventType

# Statuses in which nobody owes the customer an answer now: the reply clock stands still
# (waiting on the customer, resolved) and runs on with the time it had left if staff move the
# request back to new or open; closing stops it for good.
CLOCK_PAUSED = frozenset({Status.WAITING, Status.RESOLVED})
CLOCK_STOPPED = frozenset({*CLOCK_PAUSED, Status.CLOSED})


# --- the reply clock (desk.tickets.clock.reply_clock runs it on the SLA engine) -------------


def _start_reply_clock(ticket: Ticket, at: datetime) -> list[str]:
    """A customer is owed an answer from `at` (if not already): sets the due time and schedules
    the warning and breach tasks after commit. A paused clock starts anew. Returns changed
    field names."""
    return reply_clock.start(ticket, at)


def _stop_reply_clock(
    ticket: Ticket, at: datetime, *, replied: bool = False, first: bool = False
) -> list[str]:
    """Nobody owes an answer any more (replied, waiting, resolved or closed); a public reply
    (`replied`) records met or breached in the history."""
    return reply_clock.stop(ticket, at, replied=replied, first=first)


# --- small steps --------------------------------------------------------------------------


@contextmanager
def _storing_files() -> Iterator[list[str]]:
    """Collect names of stored files; delete them if the block fails (the rows roll back)."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        delete_stored(stored)
        raise


@contextmanager
def _changing(ticket: Ticket) -> Iterator[list[str]]:
    """One transaction holding the ticket's row lock; `ticket` is reloaded under the lock."""
    with _storing_files() as stored, transaction.atomic():
        ticket.refresh_from_db(from_queryset=Ticket.objects.select_for_update())
        yield stored


def _save(ticket: Ticket, fields: list[str], at: datetime) -> None:
    ticket.updated_at = at
    ticket.save(update_fields=sorted({*fields, "updated_at"}))


def _set_status(ticket: Ticket, status: str, *, actor: User | None, at: datetime) -> list[str]:
    """Move to `status` with its event and timestamps (`actor` None: the system). A resolved
    request gets its closing scheduled. Returns changed field names."""
    before = ticket.status
    if before == status:
        return []
    ticket.status = status
    fields = ["status"]
    if status == Status.RESOLVED:
        ticket.resolved_at = at
        fields.append("resolved_at")
        auto_close.schedule(ticket)
        emit_request_event(EventType.REQUEST_RESOLVED, ticket, resolved_at=at)
    elif status == Status.CLOSED:
        ticket.closed_at = at
        fields.append("closed_at")
        server_access.wipe_for(ticket, actor=actor, at=at)  # PRODUCT.md §6: wiped on close
    elif before == Status.RESOLVED:  # reopened: the reopen window counts from the next resolution
        ticket.resolved_at = None
        fields.append("resolved_at")
    event = record_status_change(ticket, actor=actor, before=before, after=status)
    if status == Status.CLOSED:
        fields += _stop_reply_clock(ticket, at)
    elif status in CLOCK_PAUSED:
        fields += reply_clock.pause(ticket, at, actor=actor)
    else:  # back to new or open: a paused clock runs on (a customer message starts a new one)
        fields += reply_clock.resume(ticket, at, actor=actor)
    notifications.notify_status(
        ticket, event_id=event.pk, status=status, actor_id=actor.pk if actor else None
    )
    return fields


def _set_assignee(
    ticket: Ticket,
    engineer: Engineer | None,
    *,
    actor: User | None,
    data: dict[str, object] | None = None,
    at: datetime | None = None,
    shift: BusinessCalendar | None = None,
) -> list[str]:
    """Give the request to `engineer` (None: the department queue), with its event. `actor` None
    is routing (which passes the `shift` calendar it read). A task checks at the end of the new
    assignee's shift whether it must move on."""
    before = ticket.assignee
    ticket.assignee = engineer
    if engineer is not None:
        ticket.unrouted_reason = ""
    record_event(
        ticket,
        EventKind.ASSIGNED,
        actor=actor,
        from_value=str(before.pk) if before else "",
        to_value=str(engineer.pk) if engineer else "",
        data={
            "from": before.user.display_name if before else None,
            "to": engineer.user.display_name if engineer else None,
            **(data or {}),
        },
    )
    routing.watch_shift_end(ticket, engineer, at or clock.now(), shift=shift)
    return ["assignee", "unrouted_reason"]


def _add_message(
    ticket: Ticket,
    author: User,
    kind: MessageKind,
    body: str,
    files: Sequence[UploadedFile],
    stored: list[str],
    *,
    index: bool = True,
) -> Message:
    """Store the message and its files; index it unless the caller does (`index=False`: a
    new request indexes its header and first message in one statement)."""
    message = Message.objects.create(
        ticket=ticket, author=author, kind=kind, body=body, created_at=clock.now()
    )
    store_attachments(message, files, stored)
    if index:
        text_search.index_message(ticket, message)
    return message


def _check_not_closed(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise errors.ticket_closed()


def _check_engineer_active(engineer: Engineer) -> None:
    if not (engineer.is_active and engineer.user.is_active):
        raise errors.engineer_inactive()

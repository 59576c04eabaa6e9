"""Every state change of requests: opening, messages, replies, notes, status, assignment,
scope and bug links.

Each service validates first (a refused action stores nothing), then makes the change and writes
its history rows in one transaction while holding the ticket row lock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from desk.accounts.models import Department, Engineer, User
from desk.core import clock
from desk.entitlements import selectors as entitlement_selectors
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import UsageKind
from desk.entitlements.selectors import EntitlementOption
from desk.stores.models import Store
from desk.tickets import checks, errors, notifications, reply_clock, server_access
from desk.tickets.attachments import check_attachments, delete_stored, store_attachments
from desk.tickets.coverage import check_coverage, choose_entitlement
from desk.tickets.events import record_event, record_status_change
from desk.tickets.models import (
    EntitlementKind,
    EventKind,
    Message,
    MessageKind,
    Status,
    Ticket,
)

# Statuses in which nobody owes the customer an answer: the reply clock is stopped.
CLOCK_STOPPED = frozenset({Status.WAITING, Status.RESOLVED, Status.CLOSED})
_CUSTOMER_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


# --- opening ------------------------------------------------------------------------------


def open_ticket(
    *,
    customer: User,
    store: Store,
    subject: str,
    body: str,
    category: str,
    language: str,
    is_hotrush: bool = False,
    credit_priority: str | None = None,
    department: Department | None = None,
    attachments: Sequence[UploadedFile] = (),
    via_email: bool = False,
) -> Ticket:
    """Open a request on the store's subscription, else on one incident credit (consumed here).
    `via_email`: the request came by mail, which every department reads (Sales included).

    Raises `store_not_found`, `invalid_subject`, `invalid_body`, `invalid_category`,
    `invalid_language`, `invalid_department`, `invalid_credit_priority`, attachment errors,
    `no_entitlement` / `no_incident_credit` (402: offer the pricing page),
    `installation_needs_subscription`, `hotrush_not_allowed`.
    """
    subject = checks.check_subject(subject)
    body = checks.check_body(body)
    checks.check_category(category)
    checks.check_language(language)
    checks.check_credit_priority(credit_priority)
    if store.customer_id != customer.pk:
        raise errors.store_not_found()
    department = checks.check_department(department, via_email=via_email)
    check_attachments(attachments)
    with _storing_files() as stored, transaction.atomic():
        option = choose_entitlement(
            customer, store, is_hotrush=is_hotrush, credit_priority=credit_priority
        )
        check_coverage(option, category=category, is_hotrush=is_hotrush)
        ticket = _create_ticket(
            customer=customer,
            store=store,
            option=option,
            department=department,
            subject=subject,
            category=category,
            language=language,
            is_hotrush=is_hotrush,
        )
        message = _add_message(ticket, customer, MessageKind.CUSTOMER, body, attachments, stored)
        record_event(
            ticket,
            EventKind.CREATED,
            actor=customer,
            to_value=Status.NEW,
            data={
                "entitlement": option.kind,
                "plan": ticket.plan.code,
                "credit_priority": option.credit_priority,
                "hotrush": is_hotrush,
                "department": department.code,
                "message_id": message.pk,
            },
        )
    return ticket


def _create_ticket(
    *,
    customer: User,
    store: Store,
    option: EntitlementOption,
    department: Department,
    subject: str,
    category: str,
    language: str,
    is_hotrush: bool,
) -> Ticket:
    """Insert the ticket and pay for it: consume the credit, or count subscription usage."""
    now = clock.now()
    entry = None
    if option.subscription is None:
        entry = entitlement_services.consume_credit(
            customer=customer, priority=option.credit_priority
        )
        plan = entitlement_selectors.incident_plan(option.credit_priority)
    else:
        plan = option.subscription.plan
    ticket = Ticket(
        customer=customer,
        store=store,
        department=department,
        subject=subject,
        category=category,
        language=language,
        is_hotrush=is_hotrush,
        status=Status.NEW,
        entitlement_kind=(
            EntitlementKind.SUBSCRIPTION if option.subscription else EntitlementKind.INCIDENT
        ),
        plan=plan,
        subscription=option.subscription,
        credit_priority=option.credit_priority,
        credit_entry=entry,
        created_at=now,
        updated_at=now,
    )
    _start_reply_clock(ticket, now)
    ticket.save(force_insert=True)
    if entry is not None:
        entitlement_services.attach_credit_to_ticket(entry=entry, ticket_id=ticket.pk)
    elif option.subscription is not None:
        entitlement_services.record_usage(
            subscription=option.subscription, kind=UsageKind.REQUEST, ticket_id=ticket.pk
        )
    return ticket


# --- conversation -------------------------------------------------------------------------


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
            if ticket.status in (Status.WAITING, Status.RESOLVED):
                fields += _set_status(ticket, Status.OPEN, actor=author, at=now)
            fields += _start_reply_clock(ticket, now)
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


# --- status, assignment, scope, bugs -------------------------------------------------------


def change_status(*, ticket: Ticket, actor: User, status: str) -> Ticket:
    """Engineers: any transition but out of CLOSED (final). Customers: RESOLVED or CLOSED on
    their own request. Setting the current status is a no-op without an event.

    Raises `invalid_status`, `ticket_not_found`, `status_not_allowed`, `ticket_closed`.
    """
    checks.check_status(status)
    is_staff = _is_staff(actor)
    if not is_staff:
        if actor.pk != ticket.customer_id:
            raise errors.ticket_not_found()
        if status not in _CUSTOMER_STATUSES:
            raise errors.status_not_allowed()
    with _changing(ticket):
        if ticket.status == status:
            return ticket
        _check_not_closed(ticket)
        now = clock.now()
        fields = _set_status(ticket, status, actor=actor, at=now)
        if status in (Status.NEW, Status.OPEN):
            fields += _start_reply_clock(ticket, now)
        _save(ticket, fields, now)
    return ticket


def assign(*, ticket: Ticket, actor: User, engineer: Engineer | None) -> Ticket:
    """Give the request to `engineer`, or unassign it with None.

    Raises `action_not_allowed` (actor is no engineer), `engineer_inactive`, `ticket_closed`.
    """
    if not _is_staff(actor):
        raise errors.action_not_allowed()
    if engineer is not None:
        _check_engineer_active(engineer)
    with _changing(ticket):
        _check_not_closed(ticket)
        if ticket.assignee_id == (engineer.pk if engineer else None):
            return ticket
        now = clock.now()
        _save(ticket, _set_assignee(ticket, engineer, actor=actor), now)
    return ticket


def rule_out_of_scope(*, ticket: Ticket, engineer: Engineer, reason: str) -> Ticket:
    """Rule the request outside the service scope: the incident credit goes back (subscriptions
    have nothing to return), the request is resolved, and the reason is shown to the customer in
    the request's history. Raises `invalid_reason`, `already_out_of_scope`, `ticket_closed`.
    """
    reason = checks.check_reason(reason)
    _check_engineer_active(engineer)
    actor = engineer.user
    with _changing(ticket):
        if ticket.out_of_scope:
            raise errors.already_out_of_scope()
        _check_not_closed(ticket)
        now = clock.now()
        ticket.out_of_scope = True
        returned = False
        if ticket.entitlement_kind == EntitlementKind.INCIDENT:
            entry = entitlement_services.return_credit(ticket_id=ticket.pk)
            returned = entry is not None
        record_event(
            ticket,
            EventKind.OUT_OF_SCOPE,
            actor=actor,
            data={"reason": reason, "credit_returned": returned},
        )
        fields = ["out_of_scope", *_set_status(ticket, Status.RESOLVED, actor=actor, at=now)]
        _save(ticket, fields, now)
    return ticket


def link_bug(*, ticket: Ticket, engineer: Engineer, url: str) -> Ticket:
    """Link the request to the vendor's issue tracker. Raises `invalid_bug_url`."""
    url = checks.check_bug_url(url)
    _check_engineer_active(engineer)
    with _changing(ticket):
        if ticket.bug_url == url:
            return ticket
        now = clock.now()
        record_event(
            ticket,
            EventKind.BUG_LINKED,
            actor=engineer.user,
            to_value=url,
            data={"previous": ticket.bug_url},
        )
        ticket.bug_url = url
        _save(ticket, ["bug_url"], now)
    return ticket


# --- the reply clock (desk.tickets.reply_clock runs it on the SLA engine) -------------------


def _start_reply_clock(ticket: Ticket, at: datetime) -> list[str]:
    """A customer is owed an answer from `at` (if not already): sets the due time and schedules
    the warning and breach tasks after commit. Returns changed field names."""
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


def _set_status(ticket: Ticket, status: str, *, actor: User, at: datetime) -> list[str]:
    """Move to `status` with its event and timestamps. Returns changed field names."""
    before = ticket.status
    if before == status:
        return []
    ticket.status = status
    fields = ["status"]
    if status == Status.RESOLVED:
        ticket.resolved_at = at
        fields.append("resolved_at")
    elif status == Status.CLOSED:
        ticket.closed_at = at
        fields.append("closed_at")
        server_access.wipe_for(ticket, actor=actor, at=at)  # PRODUCT.md §6: wiped on close
    elif before == Status.RESOLVED:  # reopened: the reopen window counts from the next resolution
        ticket.resolved_at = None
        fields.append("resolved_at")
    if status in CLOCK_STOPPED:
        fields += _stop_reply_clock(ticket, at)
    event = record_status_change(ticket, actor=actor, before=before, after=status)
    notifications.notify_status(ticket, event_id=event.pk, status=status, actor_id=actor.pk)
    return fields


def _set_assignee(ticket: Ticket, engineer: Engineer | None, *, actor: User) -> list[str]:
    before = ticket.assignee
    ticket.assignee = engineer
    record_event(
        ticket,
        EventKind.ASSIGNED,
        actor=actor,
        from_value=str(before.pk) if before else "",
        to_value=str(engineer.pk) if engineer else "",
        data={
            "from": before.user.display_name if before else None,
            "to": engineer.user.display_name if engineer else None,
        },
    )
    return ["assignee"]


def _add_message(
    ticket: Ticket,
    author: User,
    kind: MessageKind,
    body: str,
    files: Sequence[UploadedFile],
    stored: list[str],
) -> Message:
    message = Message.objects.create(
        ticket=ticket, author=author, kind=kind, body=body, created_at=clock.now()
    )
    store_attachments(message, files, stored)
    return message


def _check_reopen_window(ticket: Ticket, now: datetime) -> None:
    if ticket.entitlement_kind != EntitlementKind.INCIDENT or ticket.resolved_at is None:
        return
    days = settings.DESK_INCIDENT_REOPEN_DAYS
    if now - ticket.resolved_at > timedelta(days=days):
        raise errors.reopen_window_passed(days)


def _check_not_closed(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise errors.ticket_closed()


def _check_engineer_active(engineer: Engineer) -> None:
    if not (engineer.is_active and engineer.user.is_active):
        raise errors.engineer_inactive()


def _is_staff(user: User) -> bool:
    """Active engineers and superusers act on any request."""
    return user.is_active and (user.is_superuser or user.is_engineer)

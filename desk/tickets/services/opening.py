"""Opening a request: validate, pay for it (subscription usage or one incident credit), and
store the ticket, its first message and its creation event. A department request (Customer
Service, Sales) is opened without an entitlement and pays nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from desk.accounts.models import Department, User
from desk.core import clock
from desk.core.batched_tasks import batched
from desk.entitlements import selectors as entitlement_selectors
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import UsageKind
from desk.entitlements.selectors import EntitlementOption
from desk.stores.models import Store
from desk.tickets import checks, errors, notifications
from desk.tickets.attachments import check_attachments
from desk.tickets.coverage import check_coverage, choose_entitlement
from desk.tickets.events import record_event
from desk.tickets.models import EntitlementKind, EventKind, MessageKind, Status, Ticket
from desk.tickets.scope import Category
from desk.tickets.services._steps import _add_message, _start_reply_clock, _storing_files
from desk.tickets.services.routing import _route
from desk.tickets.text_search import index_opening
from desk.tickets.webhook_events import emit_request_event
from desk.webhooks.models import EventType


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
    """Open a request on the store's subscription, else on one incident credit (consumed here),
    and route it to an engineer on shift who speaks its language (`desk.tickets.routing`).
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
    with batched(), _storing_files() as stored, transaction.atomic():
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
        created = {
            "entitlement": option.kind,
            "plan": plan_code(option),
            "credit_priority": option.credit_priority,
            "hotrush": is_hotrush,
            "department": department.code,
        }
        _begin(ticket, customer, body, attachments, stored, created=created, via_email=via_email)
    return ticket


def _begin(
    ticket: Ticket,
    customer: User,
    body: str,
    attachments: Sequence[UploadedFile],
    stored: list[str],
    *,
    created: Mapping[str, object],
    via_email: bool,
) -> None:
    """What every new request does once inserted: its first message, the `created` event
    (`created` and the message's id), its search header, the receipt, routing and the webhook
    event. A mailed request gets no receipt: it is answered in its own thread."""
    message = _add_message(
        ticket, customer, MessageKind.CUSTOMER, body, attachments, stored, index=False
    )
    record_event(
        ticket,
        EventKind.CREATED,
        actor=customer,
        to_value=Status.NEW,
        data={**created, "message_id": message.pk},
    )
    index_opening(ticket, message)
    if not via_email:
        notifications.notify_opened(ticket)
    # Routing last: it holds the candidates' row locks until the commit, so every opening of
    # the department waits for what comes after it (the receipt does not name the assignee).
    fields = _route(ticket, ticket.created_at, why="new")
    if fields:
        ticket.save(update_fields=fields)
    emit_request_event(EventType.REQUEST_OPENED, ticket, via_email=via_email)


def plan_code(option: EntitlementOption) -> str:
    if option.subscription is not None:
        return option.subscription.plan.code
    return entitlement_selectors.incident_plan(option.credit_priority).code


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


def open_department_request(
    *,
    customer: User,
    department: Department,
    subject: str,
    body: str,
    language: str,
    attachments: Sequence[UploadedFile] = (),
    via_email: bool = False,
) -> Ticket:
    """Open a request in a department that answers without a support entitlement (Customer
    Service, Sales: PRODUCT.md §7) for a customer or a visitor (`desk.accounts.services.
    visitor_for_email`). Nothing is spent and no store is named; the department's reply
    policy sets the due time (the same calendar maths as the contract SLA clock), and routing
    gives it only to engineers of that department.

    Raises `department_needs_entitlement` (402: Technical Support needs a subscription or an
    incident credit), `invalid_subject`, `invalid_body`, `invalid_language`, attachment errors.
    """
    if department.requires_entitlement:
        raise errors.department_needs_entitlement()
    subject = checks.check_subject(subject)
    body = checks.check_body(body)
    checks.check_language(language)
    check_attachments(attachments)
    with batched(), _storing_files() as stored, transaction.atomic():
        now = clock.now()
        ticket = Ticket(
            customer=customer,
            store=None,
            department=department,
            subject=subject,
            category=Category.BILLING,
            language=language,
            status=Status.NEW,
            entitlement_kind=EntitlementKind.NONE,
            plan=None,
            created_at=now,
            updated_at=now,
        )
        _start_reply_clock(ticket, now)
        ticket.save(force_insert=True)
        created = {
            "entitlement": EntitlementKind.NONE.value,
            "plan": None,
            "hotrush": False,
            "department": department.code,
            "via_email": via_email,
        }
        _begin(ticket, customer, body, attachments, stored, created=created, via_email=via_email)
    return ticket

"""The engineers' console: the queue, one request with its conversation and history, the actions
on it, orders awaiting a bank transfer, and refunds.

Engineers only: anyone else gets 404 `not_found`, as for an unknown path. Each action is one call
into a service; the answer is the request (or order) as it is afterwards.
"""

# No `from __future__ import annotations`: ninja resolves the string annotations of a
# paginated view in the pagination module, where the query schemas are not defined.

from dataclasses import asdict

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from desk.accounts import two_factor
from desk.accounts.models import Department, Engineer
from desk.api.callers import signed_in_engineer, signed_in_staff
from desk.api.pagination import DeskPagination
from desk.api.schemas import (
    AssignIn,
    BugIn,
    ConsoleOrderOut,
    ConsoleTicketOut,
    DepartmentIn,
    EventOut,
    MarkPaidIn,
    MessageIn,
    MessageOut,
    QueueFilters,
    QueueTicketOut,
    ReasonIn,
    ReplyIn,
    Search,
    ServerAccessOut,
    StatusIn,
    error_responses,
    with_time_left,
    write_responses,
)
from desk.billing.access import access_order_for_staff
from desk.billing.models import Order
from desk.billing.selectors import orders_awaiting_payment
from desk.entitlements.payments import refund_order
from desk.entitlements.services import record_offline_payment
from desk.tickets import errors, server_access, services
from desk.tickets.access import access_ticket
from desk.tickets.models import Message, Ticket, TicketEvent
from desk.tickets.selectors import (
    QUEUE_KEYS,
    ticket_events,
    ticket_messages,
    tickets_for_queue,
)

router = Router(tags=["console"])


def _ticket(engineer: Engineer, ticket_id: int) -> Ticket:
    return access_ticket(engineer.user, ticket_id)


def _message(ticket: Ticket, message_id: int) -> Message:
    return ticket_messages(ticket, include_notes=True).get(pk=message_id)


# --- reads ------------------------------------------------------------------------------------


@router.get("/queue", response={200: list[QueueTicketOut], **error_responses(400, 404)})
@paginate(DeskPagination, on_page=with_time_left, keys=QUEUE_KEYS)
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> QuerySet[Ticket]:
    """The queue: earliest reply due time first (requests owing no reply last), then oldest.
    Each row has the working time left on its reply clock (`working_seconds_left`, `is_overdue`).
    `view`: new, mine or all (open statuses unless `status` is given). Follow `next_cursor`
    (as `cursor`) for the next page. Codes: `invalid_queue_view`, `invalid_status`,
    `invalid_cursor`."""
    return tickets_for_queue(engineer=signed_in_engineer(request), **filters.model_dump())


@router.get("/tickets/{ticket_id}", response={200: ConsoleTicketOut, **error_responses(404)})
def get_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    """Any request. Code: `ticket_not_found`."""
    return _ticket(signed_in_engineer(request), ticket_id)


@router.get(
    "/tickets/{ticket_id}/messages", response={200: list[MessageOut], **error_responses(404)}
)
@paginate(DeskPagination)
def list_messages(request: HttpRequest, ticket_id: int) -> QuerySet[Message]:
    """The conversation including internal notes (`kind` = note), oldest first."""
    ticket = _ticket(signed_in_engineer(request), ticket_id)
    return ticket_messages(ticket, include_notes=True)


@router.get("/tickets/{ticket_id}/events", response={200: list[EventOut], **error_responses(404)})
@paginate(DeskPagination)
def list_events(request: HttpRequest, ticket_id: int) -> QuerySet[TicketEvent]:
    """The request's history, oldest first."""
    return ticket_events(_ticket(signed_in_engineer(request), ticket_id))


# --- actions on a request ---------------------------------------------------------------------


@router.post(
    "/tickets/{ticket_id}/reply", response={201: MessageOut, **write_responses(400, 404, 409)}
)
def reply(request: HttpRequest, ticket_id: int, payload: ReplyIn) -> Status[Message]:
    """A public reply to the customer; the request then waits on them unless `status` says
    otherwise. Codes: `ticket_closed` (409), `invalid_body`, `invalid_status`."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    message = services.reply(
        ticket=ticket, engineer=engineer, body=payload.body, status=payload.status
    )
    return Status(201, _message(ticket, message.pk))


@router.post("/tickets/{ticket_id}/note", response={201: MessageOut, **write_responses(400, 404)})
def add_note(request: HttpRequest, ticket_id: int, payload: MessageIn) -> Status[Message]:
    """An internal note, never shown to the customer. Code: `invalid_body`."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    message = services.add_note(ticket=ticket, engineer=engineer, body=payload.body)
    return Status(201, _message(ticket, message.pk))


@router.post(
    "/tickets/{ticket_id}/status",
    response={200: ConsoleTicketOut, **write_responses(400, 404, 409)},
)
def change_status(request: HttpRequest, ticket_id: int, payload: StatusIn) -> Ticket:
    """Any status but out of closed. Codes: `invalid_status`, `ticket_closed` (409)."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    services.change_status(ticket=ticket, actor=engineer.user, status=payload.status)
    return _ticket(engineer, ticket_id)


@router.post(
    "/tickets/{ticket_id}/assign",
    response={200: ConsoleTicketOut, **write_responses(400, 404, 409)},
)
def assign(request: HttpRequest, ticket_id: int, payload: AssignIn) -> Ticket:
    """Give the request to an engineer, or unassign it with `engineer_id: null`.
    Codes: `engineer_not_found` (404), `engineer_inactive`, `ticket_closed` (409)."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    assignee = _assignee(payload.engineer_id)
    services.assign(ticket=ticket, actor=engineer.user, engineer=assignee)
    return _ticket(engineer, ticket_id)


@router.post(
    "/tickets/{ticket_id}/department",
    response={200: ConsoleTicketOut, **write_responses(400, 404, 409)},
)
def move_department(request: HttpRequest, ticket_id: int, payload: DepartmentIn) -> Ticket:
    """Hand the request to another department; an unassigned new or open request is routed
    there. Codes: `invalid_department`, `ticket_closed` (409)."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise errors.invalid_department()
    services.move_to_department(ticket=ticket, actor=engineer.user, department=department)
    return _ticket(engineer, ticket_id)


def _assignee(engineer_id: int | None) -> Engineer | None:
    if engineer_id is None:
        return None
    assignee = Engineer.objects.select_related("user").filter(pk=engineer_id).first()
    if assignee is None:
        raise errors.engineer_not_found()
    return assignee


@router.post(
    "/tickets/{ticket_id}/out-of-scope",
    response={200: ConsoleTicketOut, **write_responses(400, 404, 409)},
)
def rule_out_of_scope(request: HttpRequest, ticket_id: int, payload: ReasonIn) -> Ticket:
    """Outside the service scope: an incident credit goes back, the request is resolved and the
    customer sees the reason. Codes: `invalid_reason`, `already_out_of_scope` (409),
    `ticket_closed` (409)."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    services.rule_out_of_scope(ticket=ticket, engineer=engineer, reason=payload.reason)
    return _ticket(engineer, ticket_id)


@router.post(
    "/tickets/{ticket_id}/bug", response={200: ConsoleTicketOut, **write_responses(400, 404)}
)
def link_bug(request: HttpRequest, ticket_id: int, payload: BugIn) -> Ticket:
    """Link the request to the vendor's issue tracker. Code: `invalid_bug_url`."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    services.link_bug(ticket=ticket, engineer=engineer, url=payload.url)
    return _ticket(engineer, ticket_id)


class RevealIn(Schema):
    reason: str = Field("", max_length=500)


def _reveal_reason(request: HttpRequest) -> str:
    """The optional JSON body `{"reason": ...}` (no JSON body means no reason)."""
    if request.content_type != "application/json" or not request.body.strip():
        return ""
    try:
        return RevealIn.model_validate_json(request.body).reason
    except PydanticValidationError as exc:
        errors = [dict(error) for error in exc.errors(include_url=False, include_input=False)]
        raise ValidationError(errors) from exc


@router.post(
    "/tickets/{ticket_id}/server-access/reveal",
    response={200: ServerAccessOut, **write_responses(400, 403, 404, 410, 422)},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": RevealIn.model_json_schema()}},
        }
    },
)
@sensitive_variables("revealed")
def reveal_server_access(
    request: HttpRequest, ticket_id: int, response: HttpResponse
) -> dict[str, object]:
    """The server access details of an installation request, for the engineer it is assigned to,
    signed in with two-factor. Every call is logged in the request's history with its `reason`,
    and the customer sees it; the answer is `Cache-Control: no-store`. A reason is required when
    you assigned the request to yourself since the customer last wrote.
    Codes: `two_factor_required`, `server_access_assign_first` / `server_access_not_assignee` /
    `server_access_reason_required` (403), `invalid_reveal_reason` (400),
    `server_access_not_provided` (404), `server_access_wiped` (410, the request closed)."""
    engineer = signed_in_engineer(request)
    ticket = _ticket(engineer, ticket_id)
    revealed = server_access.reveal_server_access(
        ticket=ticket,
        user=engineer.user,
        ip=request.META.get("REMOTE_ADDR"),
        second_factor=two_factor.session_has_second_factor(request.session, engineer.user),
        reason=_reveal_reason(request),
    )
    add_never_cache_headers(response)
    return {**asdict(revealed.details), "provided_at": revealed.provided_at}


# --- orders awaiting payment ------------------------------------------------------------------


class OrderSearch(Schema):
    q: Search = ""


@router.get("/orders", response={200: list[ConsoleOrderOut], **error_responses(404)})
@paginate(DeskPagination)
def pending_orders(request: HttpRequest, search: Query[OrderSearch]) -> QuerySet[Order]:
    """Orders awaiting payment, oldest first. `q` matches an invoice number (the transfer
    reference), an order number (SD-000042) or the customer's email."""
    signed_in_staff(request)
    return orders_awaiting_payment(search.q)


@router.post(
    "/orders/{order_id}/mark-paid", response={200: ConsoleOrderOut, **write_responses(404, 409)}
)
def mark_paid(request: HttpRequest, order_id: int, received: MarkPaidIn) -> Order:
    """The bank transfer arrived: record what arrived and when, mark the order paid and activate
    what it bought, as the console's "Mark paid" form does. The answer is the order, now `paid`.
    Refused, nothing changed: `payment_amount_mismatch` (400: `amount` must equal the order's
    amount), `payment_date_in_future` / `payment_date_before_order` (400: `received_on` after
    today or before the day the order was placed, in your time zone), `order_not_found`,
    `order_already_paid` (409: marked paid before), `order_not_pending` (409, e.g. cancelled),
    `payment_not_offline` (409: paid by card, the provider confirms it)."""
    staff = signed_in_staff(request)
    order = access_order_for_staff(staff, order_id)
    record_offline_payment(
        order_id=order.pk,
        by=staff,
        amount=received.amount,
        currency=order.currency,
        received_on=received.received_on,
    )
    return access_order_for_staff(staff, order.pk)


@router.post(
    "/orders/{order_id}/refund", response={200: ConsoleOrderOut, **write_responses(404, 409, 503)}
)
def refund(request: HttpRequest, order_id: int) -> Order:
    """Refund a paid order: the provider gives the money back (Stripe), or staff transfer it by
    hand (offline), and the purchase is taken back, exactly once. The answer is the order, now
    `refunded` (or `disputed`, if the provider's dispute arrived first). Codes: `order_not_found`,
    `order_not_refundable` (409: not paid, e.g. pending or refunded already),
    `provider_unavailable` (503: Stripe did not answer; nothing changed)."""
    staff = signed_in_staff(request)
    order = access_order_for_staff(staff, order_id)
    refund_order(order_id=order.pk, by=staff)
    return access_order_for_staff(staff, order.pk)

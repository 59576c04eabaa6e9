"""The customer's requests: open, follow, reply, resolve or close.

Only the customer's own requests: an engineer's id or anyone else's is the same 404 as a missing
one (engineers use `/console/`). Every write is one call into `desk.tickets.services`.
"""

# No `from __future__ import annotations`: ninja resolves the string annotations of a
# paginated view in the pagination module, where the query schemas are not defined.

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from desk.accounts.models import Department, User
from desk.api.callers import signed_in_user
from desk.api.pagination import DeskPagination
from desk.api.schemas import (
    DepartmentTicketIn,
    MessageBody,
    MessageIn,
    MessageOut,
    ServerAccessIn,
    ServerAccessStateOut,
    StatusCode,
    StatusIn,
    TicketDetailOut,
    TicketIn,
    TicketOut,
    error_responses,
    write_responses,
)
from desk.stores.access import access_store
from desk.tickets import errors, server_access, services
from desk.tickets.access import access_ticket
from desk.tickets.models import Message, Ticket
from desk.tickets.selectors import CUSTOMER_KEYS, public_messages, tickets_of_customer

router = Router(tags=["tickets"])

# At least one file (without any, use `POST /tickets/{id}/messages`), at most the setting's:
# checked by the service (`too_many_attachments`), stated in the schema here (an annotation on
# the parameter would hide its files from ninja).
_FILES_LIMITS = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "properties": {
                        "files": {"minItems": 1, "maxItems": settings.DESK_ATTACHMENTS_PER_MESSAGE}
                    }
                }
            }
        }
    }
}


class TicketFilters(Schema):
    status: StatusCode | None = None


def _own_ticket(customer: User, ticket_id: int) -> Ticket:
    ticket = access_ticket(customer, ticket_id)
    if ticket.customer_id != customer.pk:  # engineers reach every request, but not from here
        raise errors.ticket_not_found()
    return ticket


@router.get("", response={200: list[TicketOut], **error_responses(400)})
@paginate(DeskPagination, keys=CUSTOMER_KEYS)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]) -> QuerySet[Ticket]:
    """Your requests, newest first; `status` filters (code `invalid_status`). Follow
    `next_cursor` (as `cursor`) for the next page (code `invalid_cursor`)."""
    return tickets_of_customer(signed_in_user(request), status=filters.status)


@router.post("", response={201: TicketDetailOut, **write_responses(400, 402, 404)})
def open_ticket(request: HttpRequest, payload: TicketIn) -> Status[Ticket]:
    """Open a request on the store's subscription, else on one incident credit.

    Codes: `store_not_found` (404), `no_entitlement` / `no_incident_credit` (402: buy support
    first), `hotrush_not_allowed`, `installation_needs_subscription`, `invalid_subject`,
    `invalid_body`, `invalid_category`.
    """
    customer = signed_in_user(request)
    ticket = services.open_ticket(
        customer=customer,
        store=access_store(customer, payload.store_id),
        subject=payload.subject,
        body=payload.body,
        category=payload.category,
        language=payload.language or customer.language,
        is_hotrush=payload.is_hotrush,
        credit_priority=payload.credit_priority,
    )
    # The service's own object, with the store, department, plan, subscription and assignee it
    # set: reloading it for the answer cost two queries and 14 % of a creation (bench/README.md).
    return Status(201, ticket)


@router.post("/department", response={201: TicketDetailOut, **write_responses(400, 402)})
def open_department_request(request: HttpRequest, payload: DepartmentTicketIn) -> Status[Ticket]:
    """Write to a department that answers without a subscription or a credit (Customer
    Service: billing and your account; Sales: questions before you buy). Nothing is spent and
    no store is named; the department's own reply policy sets `reply_due_at`.

    Codes: `invalid_department` (no such department), `department_needs_entitlement` (402:
    Technical Support answers on a subscription or a credit, `POST /tickets`),
    `invalid_subject`, `invalid_body`.
    """
    customer = signed_in_user(request)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise errors.invalid_department()
    ticket = services.open_department_request(
        customer=customer,
        department=department,
        subject=payload.subject,
        body=payload.body,
        language=payload.language or customer.language,
    )
    return Status(201, ticket)


@router.get("/{ticket_id}", response={200: TicketDetailOut, **error_responses(404)})
def get_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    """One of your requests. Code: `ticket_not_found`."""
    return _own_ticket(signed_in_user(request), ticket_id)


@router.get("/{ticket_id}/messages", response={200: list[MessageOut], **error_responses(404)})
@paginate(DeskPagination)
def list_messages(request: HttpRequest, ticket_id: int) -> QuerySet[Message]:
    """The conversation, oldest first: your messages and engineer replies."""
    return public_messages(_own_ticket(signed_in_user(request), ticket_id))


@router.post("/{ticket_id}/messages", response={201: MessageOut, **write_responses(400, 404, 409)})
def add_message(request: HttpRequest, ticket_id: int, payload: MessageIn) -> Status[Message]:
    """Write on your request; a waiting or resolved request opens again.
    Codes: `ticket_closed` (409), `reopen_window_passed` (409), `invalid_body`."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    message = services.add_customer_message(ticket=ticket, author=customer, body=payload.body)
    return Status(201, _message(ticket, message.pk))


@router.post(
    "/{ticket_id}/messages/files",
    response={201: MessageOut, **write_responses(400, 404, 409, 413)},
    openapi_extra=_FILES_LIMITS,
)
def add_message_with_files(
    request: HttpRequest,
    ticket_id: int,
    body: Form[MessageBody],
    files: File[list[UploadedFile]],
) -> Status[Message]:
    """As `POST /tickets/{id}/messages`, as multipart/form-data with `body` and `files`.
    Codes as there, plus `too_many_attachments`, `attachment_too_large`, `empty_attachment`."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    message = services.add_customer_message(
        ticket=ticket, author=customer, body=body, attachments=files
    )
    return Status(201, _message(ticket, message.pk))


@router.post(
    "/{ticket_id}/status", response={200: TicketDetailOut, **write_responses(400, 403, 404, 409)}
)
def change_status(request: HttpRequest, ticket_id: int, payload: StatusIn) -> Ticket:
    """Mark your request `resolved` or `closed`.
    Codes: `status_not_allowed` (403) for other statuses, `invalid_status`, `ticket_closed`."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    services.change_status(ticket=ticket, actor=customer, status=payload.status)
    return _own_ticket(customer, ticket_id)


@router.post(
    "/{ticket_id}/hotrush", response={200: TicketDetailOut, **write_responses(400, 404, 409)}
)
def raise_hotrush(request: HttpRequest, ticket_id: int) -> Ticket:
    """Raise your open request to Hotrush: the reply owed is then due within the Hotrush
    guarantee counted from now, never later than it was due before (recorded in the history).
    Codes: `hotrush_not_allowed` (400: the entitlement does not include Hotrush, e.g. a Normal
    incident), `already_hotrush` (409), `hotrush_needs_open_request` (409: resolved), and
    `ticket_closed` (409)."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    services.raise_hotrush(ticket=ticket, customer=customer)
    return _own_ticket(customer, ticket_id)


@router.post(
    "/{ticket_id}/server-access",
    response={200: ServerAccessStateOut, **write_responses(400, 404, 409)},
)
@sensitive_variables("payload")
def set_server_access(
    request: HttpRequest, ticket_id: int, payload: ServerAccessIn
) -> dict[str, object]:
    """Give or replace the server access details of your open installation request. Encrypted,
    shown only to the engineer working the request, wiped when it closes; never returned to you.
    Codes: `server_access_not_applicable` (not an installation request), `invalid_server_access`,
    `server_access_request_not_open` (409)."""
    customer = signed_in_user(request)
    ticket = _own_ticket(customer, ticket_id)
    access = server_access.attach_server_access(
        ticket=ticket, customer=customer, details=payload.model_dump()
    )
    return {"provided_at": access.updated_at}


def _message(ticket: Ticket, message_id: int) -> Message:
    """The message as the conversation lists it (author and files joined)."""
    return public_messages(ticket).get(pk=message_id)

"""Moving a request along: status, assignment, out-of-scope rulings and bug links."""

from __future__ import annotations

from desk.accounts.models import Department, Engineer, User
from desk.core import clock
from desk.entitlements import services as entitlement_services
from desk.tickets import bug_quotes, checks, errors, notifications
from desk.tickets.events import record_event
from desk.tickets.models import EntitlementKind, EventKind, Status, Ticket
from desk.tickets.services._steps import (
    _changing,
    _check_engineer_active,
    _check_not_closed,
    _save,
    _set_assignee,
    _set_status,
    _stop_reply_clock,
)
from desk.tickets.services.routing import _route

_CUSTOMER_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


def change_status(*, ticket: Ticket, actor: User, status: str) -> Ticket:
    """Engineers: any transition but out of CLOSED (final). Customers: RESOLVED or CLOSED on
    their own request. Setting the current status is a no-op without an event. Waiting and
    resolved pause the reply clock; back to new or open resumes it with the working time it had
    left (never more); closed stops it.

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
        _save(ticket, _set_status(ticket, status, actor=actor, at=now), now)
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


def move_to_department(*, ticket: Ticket, actor: User, department: Department) -> Ticket:
    """Hand the request to another department (staff only). The reply clock is untouched: what
    the customer is owed does not depend on who answers. An assignee who does not work in the
    new department is taken off the request, and an unassigned new or open one is routed there.

    A department request (no entitlement) stays in departments that answer without one.

    Raises `action_not_allowed`, `ticket_closed`, `department_needs_entitlement`.
    """
    if not _is_staff(actor):
        raise errors.action_not_allowed()
    with _changing(ticket):
        _check_not_closed(ticket)
        if ticket.department_id == department.pk:
            return ticket
        if ticket.is_department_request and department.requires_entitlement:
            raise errors.department_needs_entitlement()
        now = clock.now()
        before = ticket.department
        record_event(
            ticket,
            EventKind.DEPARTMENT,
            actor=actor,
            from_value=before.code,
            to_value=department.code,
            data={"from": before.name, "to": department.name},
        )
        ticket.department = department
        fields = ["department"]
        assignee = ticket.assignee
        if assignee is not None and not assignee.departments.filter(pk=department.pk).exists():
            fields += _set_assignee(ticket, None, actor=actor)
        if ticket.assignee_id is None and ticket.status in (Status.NEW, Status.OPEN):
            fields += _route(ticket, now, why="department")
        _save(ticket, fields, now)
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
        if ticket.bug_url:  # bugfixes are in scope (PRODUCT.md §6): never a paid ruling
            raise errors.ticket_is_bug()
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
        # Ruled out for good (a customer message does not reopen it): nothing is owed any more.
        fields = ["out_of_scope", *_stop_reply_clock(ticket, now)]
        fields += _set_status(ticket, Status.RESOLVED, actor=actor, at=now)
        _save(ticket, fields, now)
    return ticket


def link_bug(*, ticket: Ticket, engineer: Engineer, url: str) -> Ticket:
    """Link the request to the vendor's issue tracker: the request is a product bug, fixed in a
    release at no charge. Open quotes on it are withdrawn (no paid work for a bug), and the
    customer gets one mail saying so (`ticket_bug`, as the request page does), unless the
    request is closed. The status is left as it is. Raises `invalid_bug_url`."""
    url = checks.check_bug_url(url)
    _check_engineer_active(engineer)
    with _changing(ticket):
        if ticket.bug_url == url:
            return ticket
        now = clock.now()
        event = record_event(
            ticket,
            EventKind.BUG_LINKED,
            actor=engineer.user,
            to_value=url,
            data={"previous": ticket.bug_url},
        )
        ticket.bug_url = url
        _save(ticket, ["bug_url"], now)
        bug_quotes.withdraw_open_quotes(ticket, actor=engineer.user)
        if ticket.status != Status.CLOSED:
            notifications.notify_bug_linked(ticket, event_id=event.pk)
    return ticket


def _is_staff(user: User) -> bool:
    """Active engineers and superusers act on any request."""
    return user.is_active and (user.is_superuser or user.is_engineer)

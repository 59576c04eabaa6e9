"""Engineer console: the queue and one request with its actions.

Only active engineers get past `engineer_required`; everyone else (customers, anonymous) gets 404,
so the console does not reveal that it exists. Each POST view calls exactly one service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Concatenate, ParamSpec
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer, User
from desk.accounts.selectors import departments_for_requests
from desk.calls.models import CallStatus
from desk.console.forms import (
    QUEUE_VIEWS,
    AssignForm,
    BugForm,
    DepartmentForm,
    NoteForm,
    OutOfScopeForm,
    QueueFilterForm,
    ReplyForm,
    StatusForm,
)
from desk.console.views.call_panel import calls_context
from desk.console.views.quote_panel import quote_context
from desk.core import clock
from desk.core.errors import DeskError, NotFound
from desk.core.keyset import bounded_count, keyset_page
from desk.tickets import services
from desk.tickets.access import access_ticket, engineer_of
from desk.tickets.clock import reply_clock
from desk.tickets.models import EventKind, Status, Ticket
from desk.tickets.selectors import (
    QUEUE_KEYS,
    ticket_events,
    ticket_messages,
    tickets_for_queue,
)

P = ParamSpec("P")
EngineerView = Callable[Concatenate[HttpRequest, Engineer, P], HttpResponse]


def engineer_required(view: EngineerView[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Resolve the signed-in active engineer and pass it on; anyone else gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        user = request.user
        if not isinstance(user, User):
            raise Http404
        try:
            engineer = engineer_of(user)
        except NotFound as exc:
            raise Http404 from exc
        return view(request, engineer, *args, **kwargs)

    return wrapper


def _ticket(engineer: Engineer, ticket_id: int) -> Ticket:
    try:
        return access_ticket(engineer.user, ticket_id)
    except NotFound as exc:
        raise Http404 from exc


@engineer_required
@require_GET
def queue(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    departments = list(departments_for_requests())
    filters = QueueFilterForm(request.GET, departments=departments)
    arguments = filters.selector_arguments()
    try:
        tickets = tickets_for_queue(engineer=engineer, **arguments)
    except DeskError:  # an unknown view or filter value: show the default queue
        arguments = QueueFilterForm({}, departments=departments).selector_arguments()
        tickets = tickets_for_queue(engineer=engineer, **arguments)
    cursor = request.GET.get("cursor", "")[:500]
    try:
        page = keyset_page(tickets, QUEUE_KEYS, cursor, settings.DESK_PAGE_SIZE)
    except DeskError:  # a stale or mangled page link: the first page
        cursor = ""
        page = keyset_page(tickets, QUEUE_KEYS, None, settings.DESK_PAGE_SIZE)
    left = reply_clock.time_left(page.rows, clock.now())
    kept = {key: value for key, value in arguments.items() if key != "view" and value is not None}
    if arguments["hotrush"] is not None:
        kept["hotrush"] = "yes" if arguments["hotrush"] else "no"
    context = {
        "filters": filters,
        "view": arguments["view"],
        "tabs": [(code, label, urlencode({**kept, "view": code})) for code, label in QUEUE_VIEWS],
        "tickets": page.rows,
        "rows": [(ticket, _countdown(left.get(ticket.pk))) for ticket in page.rows],
        "count": bounded_count(tickets),
        "is_first_page": not cursor,
        "next_cursor": page.next_cursor,
        "query": urlencode({**kept, "view": arguments["view"]}),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "console/_queue_table.html" if partial else "console/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True, slots=True)
class Countdown:
    text: str
    is_overdue: bool
    is_urgent: bool  # under an hour of working time left
    is_paused: bool = False


def _countdown(left: reply_clock.TimeLeft | None) -> Countdown | None:
    """ "1 h 20 min left" in working time, "overdue by 15 min" in real time, or "paused: 1 h
    20 min left" while the request waits on the customer."""
    if left is None:
        return None
    minutes = left.seconds // 60
    span = _span(minutes)
    if left.is_paused:
        return Countdown(_("paused: %(span)s left") % {"span": span}, False, False, True)
    if left.is_overdue:
        return Countdown(_("overdue by %(span)s") % {"span": span}, True, True)
    return Countdown(_("%(span)s left") % {"span": span}, False, minutes < 60)


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


SLA_KINDS = frozenset(
    {
        EventKind.SLA_WARNING,
        EventKind.SLA_MET,
        EventKind.SLA_BREACHED,
        EventKind.SLA_PAUSED,
        EventKind.SLA_RESUMED,
    }
)


def _when(moment: str) -> str:
    """A stored UTC ISO instant in the viewer's zone."""
    return date_format(localtime(datetime.fromisoformat(moment)), "SHORT_DATETIME_FORMAT")


def _history(ticket: Ticket) -> list[dict[str, Any]]:
    """History rows: status codes shown as labels, assignments as engineer names."""
    labels = dict(Status.choices)
    call_labels = dict(CallStatus.choices)
    nobody = _("nobody")
    rows = []
    for event in ticket_events(ticket):
        before, after = "", event.to_value
        if event.kind in (EventKind.STATUS, EventKind.CREATED):
            before = str(labels.get(event.from_value, event.from_value))
            after = str(labels.get(event.to_value, event.to_value))
        elif event.kind == EventKind.ASSIGNED:
            before = event.data.get("from") or nobody
            after = event.data.get("to") or nobody
        elif event.kind == EventKind.CALL:
            before = str(call_labels.get(event.from_value, event.from_value))
            after = str(call_labels.get(event.to_value, event.to_value))
            if event.data.get("starts_at") and event.to_value != "requested":
                when = date_format(
                    localtime(datetime.fromisoformat(event.data["starts_at"])),
                    "SHORT_DATETIME_FORMAT",
                )
                after = f"{after} ({when})"
        elif event.kind == EventKind.SLA_PAUSED:
            after = _("%(span)s of working time left") % {
                "span": _span(int(event.data.get("left_seconds") or 0) // 60)
            }
        elif event.kind in SLA_KINDS and event.to_value:  # the due time, in the viewer's zone
            after = _("due %(when)s") % {"when": _when(event.to_value)}
        elif event.kind == EventKind.HOTRUSH:
            due_before, due_after = event.data.get("due_before"), event.data.get("due_after")
            before = _("due %(when)s") % {"when": _when(due_before)} if due_before else ""
            after = _("due %(when)s") % {"when": _when(due_after)} if due_after else ""
        elif event.kind in (EventKind.AUTO_CLOSE_REMINDER, EventKind.AUTO_CLOSED):
            after = _("quiet since %(since)s, closing %(when)s") % {
                "since": _when(event.from_value),
                "when": _when(event.to_value),
            }
        rows.append({"event": event, "from": before, "to": after})
    return rows


@engineer_required
@require_GET
def ticket_detail(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    ticket = _ticket(engineer, ticket_id)
    left = reply_clock.time_left([ticket], clock.now())
    context = {
        "ticket": ticket,
        "engineer": engineer,
        "countdown": _countdown(left.get(ticket.pk)),
        "conversation": ticket_messages(ticket, include_notes=True),
        "history": _history(ticket),
        # Several forms share field names on one page: distinct ids keep every label unique.
        "reply_form": ReplyForm(auto_id="reply_%s"),
        "note_form": NoteForm(auto_id="note_%s"),
        "assign_form": AssignForm(auto_id="assign_%s", initial={"engineer": ticket.assignee_id}),
        "department_form": DepartmentForm(
            auto_id="department_%s", initial={"department": ticket.department.code}
        ),
        "status_form": StatusForm(auto_id="status_%s", initial={"status": ticket.status}),
        "out_of_scope_form": OutOfScopeForm(auto_id="scope_%s"),
        "bug_form": BugForm(auto_id="bug_%s", initial={"url": ticket.bug_url}),
        **quote_context(ticket),
        **calls_context(ticket),
    }
    return render(request, "console/ticket.html", context)


def _form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}: {error}" if label else str(error))
    return " ".join(parts)


Action = Callable[[Ticket, Engineer, dict[str, Any]], object]


def _act(
    request: HttpRequest,
    engineer: Engineer,
    ticket_id: int,
    form: forms.Form,
    action: Action,
    success: str,
) -> HttpResponse:
    """Validate, call one service, flash the outcome and go back to the request."""
    ticket = _ticket(engineer, ticket_id)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            action(ticket, engineer, form.cleaned_data)
        except DeskError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
    return redirect("console:ticket", ticket_id=ticket.pk)


@engineer_required
@require_POST
def ticket_reply(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.reply(
            ticket=ticket,
            engineer=engineer,
            body=data["body"],
            attachments=data["attachments"],
            status=data["status"] or None,
        )

    form = ReplyForm(request.POST, request.FILES)
    return _act(request, engineer, ticket_id, form, action, _("Reply sent to the customer."))


@engineer_required
@require_POST
def ticket_note(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.add_note(
            ticket=ticket, engineer=engineer, body=data["body"], attachments=data["attachments"]
        )

    form = NoteForm(request.POST, request.FILES)
    return _act(request, engineer, ticket_id, form, action, _("Internal note added."))


@engineer_required
@require_POST
def ticket_assign(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.assign(ticket=ticket, actor=engineer.user, engineer=data["engineer"])

    form = AssignForm(request.POST)
    return _act(request, engineer, ticket_id, form, action, _("Assignment saved."))


@engineer_required
@require_POST
def ticket_department(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.move_to_department(
            ticket=ticket, actor=engineer.user, department=data["department"]
        )

    form = DepartmentForm(request.POST)
    return _act(request, engineer, ticket_id, form, action, _("Moved to the department."))


@engineer_required
@require_POST
def ticket_status(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.change_status(ticket=ticket, actor=engineer.user, status=data["status"])

    form = StatusForm(request.POST)
    return _act(request, engineer, ticket_id, form, action, _("Status changed."))


@engineer_required
@require_POST
def ticket_out_of_scope(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.rule_out_of_scope(ticket=ticket, engineer=engineer, reason=data["reason"])

    form = OutOfScopeForm(request.POST)
    return _act(request, engineer, ticket_id, form, action, _("Request ruled out of scope."))


@engineer_required
@require_POST
def ticket_bug(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    def action(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
        return services.link_bug(ticket=ticket, engineer=engineer, url=data["url"])

    form = BugForm(request.POST)
    return _act(request, engineer, ticket_id, form, action, _("Bug tracker link saved."))

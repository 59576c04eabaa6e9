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
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer, User
from desk.accounts.selectors import every_department
from desk.calls.models import CallStatus
from desk.console.forms import (
    QUEUE_VIEWS,
    AssignForm,
    BugForm,
    BulkForm,
    DepartmentForm,
    NoteForm,
    OutOfScopeForm,
    QueueFilterForm,
    ReplyForm,
    StatusForm,
)
from desk.console.views.call_panel import calls_context
from desk.console.views.customer_panel import customer_context
from desk.console.views.quote_panel import quote_context
from desk.core import clock, formatting
from desk.core.errors import DeskError, NotFound
from desk.core.keyset import BoundedCount, KeysetPage, bounded_count, keyset_page
from desk.core.prepared import PreparedQuery
from desk.replies import services as reply_services
from desk.replies.selectors import canned_replies_for, draft_of
from desk.tickets import services
from desk.tickets.access import access_ticket, engineer_of
from desk.tickets.clock import reply_clock
from desk.tickets.models import EventKind, Message, Status, Ticket, TicketEvent
from desk.tickets.selectors import (
    QUEUE_KEYS,
    first_queue_page,
    queue_rows,
    ticket_events,
    ticket_messages,
    tickets_for_queue,
)

P = ParamSpec("P")
StrOrPromise = str | Promise
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


def console_entry(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The console's front door, the one console address people type or bookmark: a visitor is
    sent to sign in (the deeper console pages stay 404 to them), and a staff admin who is not
    an engineer to the orders, the part of the console that is theirs."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if isinstance(user, User) and user.is_superuser and not user.is_engineer:
            return redirect("console:orders")
        return view(request)

    return wrapper


@console_entry
@engineer_required
@require_GET
def queue(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    departments = every_department()
    filters = QueueFilterForm(request.GET, departments=departments)
    arguments = filters.selector_arguments()
    try:
        tickets = tickets_for_queue(engineer=engineer, **arguments)
    except DeskError:  # an unknown view or filter value: show the default queue
        arguments = QueueFilterForm({}, departments=departments).selector_arguments()
        tickets = tickets_for_queue(engineer=engineer, **arguments)
    tickets = queue_rows(tickets)
    cursor = request.GET.get("cursor", "")[:500]
    try:
        page = keyset_page(tickets, QUEUE_KEYS, cursor, settings.DESK_PAGE_SIZE) if cursor else None
    except DeskError:  # a stale or mangled page link: the first page
        cursor, page = "", None
    if page is None:  # the first page, by a read compiled once per kind of queue
        page = first_queue_page(engineer=engineer, **arguments, size=settings.DESK_PAGE_SIZE)
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
        "count": _count(tickets, page, is_first_page=not cursor),
        "is_first_page": not cursor,
        "next_cursor": page.next_cursor,
        "query": urlencode({**kept, "view": arguments["view"]}),
        "bulk_form": BulkForm(auto_id="bulk_%s"),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "console/_queue_table.html" if partial else "console/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _count(tickets: QuerySet[Ticket], page: KeysetPage, *, is_first_page: bool) -> BoundedCount:
    """The queue's size: a first page without a next one holds the whole queue, so its rows are
    the count (a short queue costs no COUNT query); otherwise the bounded count."""
    if is_first_page and page.next_cursor is None:
        return BoundedCount(len(page.rows), is_exact=True)
    return bounded_count(tickets)


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
    return formatting.format_moment(datetime.fromisoformat(moment))


# What the page shows of a message and an event: of their authors, only the name
# (`User.display_name`); the other columns of a user are not read for each row.
MESSAGE_FIELDS = ("ticket_id", "kind", "body", "created_at", "author__full_name", "author__email")
EVENT_FIELDS = (
    "kind",
    "from_value",
    "to_value",
    "data",
    "created_at",
    "actor__full_name",
    "actor__email",
)

# The request page's conversation and history, compiled once (desk.core.prepared)
_CONVERSATION = PreparedQuery(
    Message,
    lambda ticket_id: ticket_messages(Ticket(pk=ticket_id), include_notes=True).only(
        *MESSAGE_FIELDS
    ),
)
_HISTORY = PreparedQuery(
    TicketEvent, lambda ticket_id: ticket_events(Ticket(pk=ticket_id)).only(*EVENT_FIELDS)
)


def _history(ticket: Ticket) -> list[dict[str, Any]]:
    """History rows: status codes shown as labels, assignments as engineer names."""
    labels = dict(Status.choices)
    call_labels = dict(CallStatus.choices)
    nobody = _("nobody")
    rows = []
    for event in _HISTORY.rows(ticket.pk):
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
                when = _when(event.data["starts_at"])
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


# The id prefix of each form on the request page: several forms share field names, and distinct
# ids keep every label unique. A form sent back with an error keeps its prefix (and its text).
FORM_IDS = {
    "reply_form": "reply_%s",
    "note_form": "note_%s",
    "assign_form": "assign_%s",
    "department_form": "department_%s",
    "status_form": "status_%s",
    "out_of_scope_form": "scope_%s",
    "bug_form": "bug_%s",
    "quote_form": "quote_%s",
}


def reply_form(
    ticket: Ticket, data: Any = None, *, initial: dict[str, Any] | None = None
) -> ReplyForm:
    """The console's reply form, its text saved as a draft a second after the engineer stops
    typing (htmx) and focused by the "r" shortcut (desk.js)."""
    form = ReplyForm(data, auto_id=FORM_IDS["reply_form"], initial=initial)
    _hook_reply_body(form, ticket)
    return form


def _hook_reply_body(form: forms.Form, ticket: Ticket) -> None:
    form.fields["body"].widget.attrs.update(
        {
            "hx-post": reverse("console:ticket_draft", args=[ticket.pk]),
            "hx-trigger": "input changed delay:1s",
            "hx-target": "#draft-state",
            "hx-swap": "innerHTML",
            "data-reply-body": "",
            "aria-describedby": "draft-state",
        }
    )


def _open_request_forms(engineer: Engineer, ticket: Ticket) -> dict[str, Any]:
    """The panels a closed request does not show (console/ticket.html): the reply with its
    draft and canned replies, assignment, department, status and out of scope. Left out for a
    closed request rather than built and read for nothing."""
    if ticket.status == Status.CLOSED:
        return {}
    forms_: dict[str, Any] = {
        "reply_form": reply_form(ticket, initial={"body": draft_of(engineer, ticket)}),
        # the picker shows titles: the texts are read when one is inserted
        "canned_replies": canned_replies_for(engineer, ticket).only("title"),
        "assign_form": AssignForm(
            auto_id=FORM_IDS["assign_form"], initial={"engineer": ticket.assignee_id}
        ),
        "department_form": DepartmentForm(
            auto_id=FORM_IDS["department_form"], initial={"department": ticket.department.code}
        ),
        "status_form": StatusForm(
            auto_id=FORM_IDS["status_form"], initial={"status": ticket.status}
        ),
    }
    if not (ticket.out_of_scope or ticket.bug_url):
        forms_["out_of_scope_form"] = OutOfScopeForm(auto_id=FORM_IDS["out_of_scope_form"])
    return forms_


def _ticket_page(
    request: HttpRequest, engineer: Engineer, ticket: Ticket, *, status: int = 200, **forms_: Any
) -> HttpResponse:
    left = reply_clock.time_left([ticket], clock.now())
    conversation = _CONVERSATION.rows(ticket.pk)
    context = {
        "ticket": ticket,
        "engineer": engineer,
        "countdown": _countdown(left.get(ticket.pk)),
        "conversation": conversation,
        "history": _history(ticket),
        "last_message_id": max((message.pk for message in conversation), default=0),
        **customer_context(ticket),
        "note_form": NoteForm(auto_id=FORM_IDS["note_form"]),
        "bug_form": BugForm(auto_id=FORM_IDS["bug_form"], initial={"url": ticket.bug_url}),
        **_open_request_forms(engineer, ticket),
        **quote_context(ticket),
        **calls_context(ticket),
    }
    for key, form in forms_.items():
        form.auto_id = FORM_IDS[key]
        context[key] = form
    if "reply_form" in forms_:  # sent back with an error: keeps the draft and shortcut hooks
        _hook_reply_body(forms_["reply_form"], ticket)
    return render(request, "console/ticket.html", context, status=status)


@engineer_required
@require_GET
def ticket_detail(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    ticket = _ticket(engineer, ticket_id)
    reply_services.note_presence(engineer=engineer, ticket=ticket)
    return _ticket_page(request, engineer, ticket)


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
    *,
    form_key: str,
) -> HttpResponse:
    """Validate, call one service and go back to the request. On an error the request page is
    shown again (400) with the message and the form as it was sent, so nothing typed is lost
    (attached files excepted: a browser never refills a file input)."""
    ticket = _ticket(engineer, ticket_id)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _ticket_page(request, engineer, ticket, status=400, **{form_key: form})
    try:
        action(ticket, engineer, form.cleaned_data)
    except DeskError as error:
        messages.error(request, error.message)
        ticket = _ticket(engineer, ticket_id)
        return _ticket_page(request, engineer, ticket, status=400, **{form_key: form})
    messages.success(request, success)
    return redirect("console:ticket", ticket_id=ticket.pk)


def ticket_action(
    form_class: type[forms.Form], *, form_key: str, success: StrOrPromise, files: bool = False
) -> Callable[[Action], Callable[[HttpRequest, int], HttpResponse]]:
    """Make a console POST view on one request from its service call (`action`): engineers
    only, the form `form_class` (with the uploads when `files`) checked, then `_act`. The form
    comes back as `form_key` on an error; `success` is flashed otherwise."""

    def decorate(action: Action) -> Callable[[HttpRequest, int], HttpResponse]:
        def view(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
            form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
            return _act(request, engineer, ticket_id, form, action, str(success), form_key=form_key)

        view.__name__ = view.__qualname__ = action.__name__
        view.__doc__ = action.__doc__
        return engineer_required(require_POST(view))

    return decorate


@ticket_action(
    ReplyForm,
    form_key="reply_form",
    success=gettext_lazy("Reply sent to the customer."),
    files=True,
)
def ticket_reply(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return reply_services.send_reply(
        ticket=ticket,
        engineer=engineer,
        body=data["body"],
        attachments=data["attachments"],
        status=data["status"] or None,
    )


@ticket_action(
    NoteForm, form_key="note_form", success=gettext_lazy("Internal note added."), files=True
)
def ticket_note(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.add_note(
        ticket=ticket, engineer=engineer, body=data["body"], attachments=data["attachments"]
    )


@ticket_action(AssignForm, form_key="assign_form", success=gettext_lazy("Assignment saved."))
def ticket_assign(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.assign(ticket=ticket, actor=engineer.user, engineer=data["engineer"])


@ticket_action(
    DepartmentForm, form_key="department_form", success=gettext_lazy("Moved to the department.")
)
def ticket_department(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.move_to_department(
        ticket=ticket, actor=engineer.user, department=data["department"]
    )


@ticket_action(StatusForm, form_key="status_form", success=gettext_lazy("Status changed."))
def ticket_status(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.change_status(ticket=ticket, actor=engineer.user, status=data["status"])


@ticket_action(
    OutOfScopeForm,
    form_key="out_of_scope_form",
    success=gettext_lazy("Request ruled out of scope."),
)
def ticket_out_of_scope(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.rule_out_of_scope(ticket=ticket, engineer=engineer, reason=data["reason"])


@ticket_action(BugForm, form_key="bug_form", success=gettext_lazy("Bug tracker link saved."))
def ticket_bug(ticket: Ticket, engineer: Engineer, data: dict[str, Any]) -> object:
    return services.link_bug(ticket=ticket, engineer=engineer, url=data["url"])

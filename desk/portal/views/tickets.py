"""Customer request pages (list, open, follow, reply) and attachment downloads.

Thin: every state change is one call into `desk.tickets.services`; every load goes through
`desk.tickets.access`, so a foreign or missing request is the same 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk.accounts.models import Language, User
from desk.core.batched_tasks import batched
from desk.core.errors import DeskError, NotFound
from desk.core.pagination import paginate
from desk.entitlements.selectors import credit_balances, entitlement_options
from desk.portal.forms.calls import CallRequestForm
from desk.portal.forms.server_access import ServerAccessForm
from desk.portal.forms.tickets import CustomerStatusForm, ReplyForm, TicketFilterForm, TicketForm
from desk.portal.views.call_panel import calls_context
from desk.portal.views.quotes import quote_context
from desk.stores.models import Store
from desk.stores.selectors import stores_of
from desk.tickets import auto_close, previews, server_access, services
from desk.tickets.access import access_attachment, access_ticket
from desk.tickets.attachments import clean_original_name
from desk.tickets.clock import expectations
from desk.tickets.models import Attachment, EventKind, Status, Ticket
from desk.tickets.scope import Category
from desk.tickets.selectors import (
    status_counts_of_customer,
    ticket_events,
    ticket_messages,
    tickets_of_customer,
)

# Plans offered when a store has no support at all (PRODUCT.md §2).
BUY_PLAN_CODES = ("subscription-1m", "incident-urgent", "incident-normal")
# Refusals that mean "buy something first": the page shows the buy links beside the message.
BUY_ERROR_CODES = frozenset({"no_entitlement", "no_incident_credit"})


def _customer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this narrows the type
        raise Http404
    return user


def _own_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    """The portal shows a request only to its customer (engineers use the console)."""
    customer = _customer(request)
    try:
        ticket = access_ticket(customer, ticket_id)
    except NotFound as exc:
        raise Http404 from exc
    if ticket.customer_id != customer.pk:
        raise Http404
    return ticket


@login_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    customer = _customer(request)
    filters = TicketFilterForm(request.GET)
    status = (filters.cleaned_data["status"] if filters.is_valid() else "") or None
    # one grouped count gives the tabs and the page count (the customer-and-status index)
    counts = status_counts_of_customer(customer)
    total = sum(counts.values())
    page = paginate(
        tickets_of_customer(customer, status=status),
        request.GET.get("page"),
        count=counts.get(status, 0) if status else total,
    )
    context = {
        "page_obj": page,
        "tickets": page.object_list,
        "status": status or "",
        "status_tabs": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "total": total,
        "query": urlencode({"status": status}) if status else "",
    }
    return render(request, "portal/tickets/list.html", context)


def _selected_store(customer: User, raw: object) -> Store | None:
    """The store whose coverage the form shows: the chosen one, else the default one."""
    stores = stores_of(customer)
    if raw and str(raw).isascii() and str(raw).isdigit():  # "²" is a digit int() refuses
        chosen = stores.filter(pk=int(str(raw))).first()
        if chosen is not None:
            return chosen
    return _default_store(customer)


def _default_store(customer: User) -> Store | None:
    """The store a new request most likely is about: the first one its subscription covers,
    else the first one an incident credit would cover, else the first store."""
    stores = list(stores_of(customer)[:50])
    options = [(store, entitlement_options(customer, store)) for store in stores]
    for wanted in ("subscription", "incident"):
        for store, covering in options:
            if any(option.kind == wanted for option in covering):
                return store
    return stores[0] if stores else None


def _coverage_context(
    customer: User, store: Store | None, chosen_priority: str, language: str = ""
) -> dict[str, Any]:
    if store is None:
        return {"store": None}
    options = entitlement_options(customer, store)
    subscription = next((o.subscription for o in options if o.subscription is not None), None)
    balances = credit_balances(customer) if subscription is None else {}
    return {
        "store": store,
        "options": options,
        "subscription": subscription,
        "balances": balances,
        "offers_credit_choice": subscription is None and len(options) > 1,
        "chosen_priority": chosen_priority,
        "buy_plan_codes": BUY_PLAN_CODES,
        "expectations": expectations.for_new_request(
            options, language=language if language in Language.values else customer.language
        ),
    }


def _render_new(
    request: HttpRequest,
    form: TicketForm,
    *,
    access_form: ServerAccessForm | None = None,
    error: DeskError | None = None,
    status: int = 200,
) -> HttpResponse:
    customer = _customer(request)
    store = _selected_store(customer, form.data.get("store") if form.is_bound else None)
    chosen = str(form.data.get("credit_priority", "")) if form.is_bound else ""
    context = {
        "form": form,
        "access_form": access_form or ServerAccessForm(prefix="access", optional=True),
        "has_stores": store is not None,
        "error": error,
        "offers_buy": error is not None and error.code in BUY_ERROR_CODES,
        "buy_plan_codes": BUY_PLAN_CODES,
        "coverage": _coverage_context(
            customer, store, chosen, str(form.data.get("language", "")) if form.is_bound else ""
        ),
    }
    return render(request, "portal/tickets/new.html", context, status=status)


def _open_with_server_access(
    customer: User, form: TicketForm, access_form: ServerAccessForm
) -> Ticket:
    """Open the request and attach the optional server access details in one transaction. The
    details are checked before anything is stored, so their refusal leaves nothing (no files)."""
    arguments = form.service_arguments()
    details = access_form.details()
    if details is not None:
        server_access.check_attachable(category=arguments["category"], details=details)
    if details is None:  # the service's own transaction is the whole of it
        return services.open_ticket(customer=customer, **arguments)
    with batched(), transaction.atomic():
        ticket = services.open_ticket(customer=customer, **arguments)
        server_access.attach_server_access(ticket=ticket, customer=customer, details=details)
    return ticket


@sensitive_post_parameters("access-host", "access-username", "access-secret", "access-notes")
@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    customer = _customer(request)
    if request.method != "POST":
        default = _default_store(customer)
        initial = {"language": customer.language, "store": default.pk if default else None}
        return _render_new(request, TicketForm(customer=customer, initial=initial))
    form = TicketForm(request.POST, request.FILES, customer=customer)
    access_form = ServerAccessForm(request.POST, prefix="access", optional=True)
    if not all([form.is_valid(), access_form.is_valid()]):  # both run: all errors show at once
        return _render_new(request, form, access_form=access_form, status=400)
    try:
        ticket = _open_with_server_access(customer, form, access_form)
    except DeskError as error:
        return _render_new(request, form, access_form=access_form, error=error, status=error.status)
    messages.success(
        request,
        _("Your request %(reference)s is open. We will reply here and by email.")
        % {"reference": ticket.reference},
    )
    return redirect("portal:ticket", ticket_id=ticket.pk)


@login_required
@require_GET
def ticket_coverage(request: HttpRequest) -> HttpResponse:
    """htmx fragment: what would cover a new request on `?store=<id>`."""
    customer = _customer(request)
    raw = request.GET.get("store", "")
    store = (
        stores_of(customer).filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    )
    if store is None:
        raise Http404
    context = _coverage_context(
        customer, store, request.GET.get("credit_priority", ""), request.GET.get("language", "")
    )
    return render(request, "portal/tickets/_coverage.html", {"coverage": context})


def _out_of_scope_reason(ticket: Ticket) -> str:
    """The reason the engineer gave, which the customer is shown (PRODUCT.md §6)."""
    if not ticket.out_of_scope:
        return ""
    reasons = [
        str(event.data.get("reason", ""))
        for event in ticket_events(ticket, for_customer=True)
        if event.kind == EventKind.OUT_OF_SCOPE
    ]
    return reasons[-1] if reasons else ""


def render_detail(
    request: HttpRequest,
    ticket: Ticket,
    reply_form: ReplyForm | None = None,
    *,
    status: int = 200,
    call_form: CallRequestForm | None = None,
    call_length: int = 30,
) -> HttpResponse:
    context = {
        "ticket": ticket,
        "conversation": ticket_messages(ticket, include_notes=False),
        "reply_form": reply_form or ReplyForm(),
        "can_reply": ticket.status != Status.CLOSED,
        "can_resolve": ticket.status in (Status.NEW, Status.OPEN, Status.WAITING),
        "can_close": ticket.status != Status.CLOSED,
        "bug_tracker_url": settings.DESK_BUG_TRACKER_URL,
        "out_of_scope_reason": _out_of_scope_reason(ticket),
        "expectation": expectations.for_ticket(ticket),
        "can_raise_hotrush": ticket.is_open and not ticket.is_hotrush and ticket.plan is not None,
        "hotrush_allowed": ticket.plan is not None and ticket.plan.allows_hotrush,
        "closing": auto_close.closing_of(ticket),
        # The customer sees every reveal of their server access details: who, when, why.
        "server_access_reveals": (
            server_access.reveals_of(ticket) if ticket.category == Category.INSTALLATION else []
        ),
        **quote_context(ticket),
        **calls_context(ticket, length=call_length, form=call_form),
    }
    return render(request, "portal/tickets/detail.html", context, status=status)


@login_required
@require_GET
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    try:
        length = int(request.GET.get("call_minutes", 30))
    except ValueError:
        length = 30
    return render_detail(request, _own_ticket(request, ticket_id), call_length=length)


@login_required
@require_POST
def ticket_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _own_ticket(request, ticket_id)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, ticket, form, status=400)
    try:
        services.add_customer_message(
            ticket=ticket,
            author=_customer(request),
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
        )
    except DeskError as error:
        form.add_service_error(error)
        return render_detail(request, ticket, form, status=error.status)
    messages.success(request, _("Your message has been sent."))
    return redirect("portal:ticket", ticket_id=ticket.pk)


@login_required
@require_POST
def ticket_status(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _own_ticket(request, ticket_id)
    form = CustomerStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This status cannot be chosen here."))
        return redirect("portal:ticket", ticket_id=ticket.pk)
    try:
        services.change_status(
            ticket=ticket, actor=_customer(request), status=form.cleaned_data["status"]
        )
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request status has been updated."))
    return redirect("portal:ticket", ticket_id=ticket.pk)


@login_required
@require_POST
def ticket_hotrush(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Raise the open request to Hotrush (issue 8 point 6); a refusal is shown with its code."""
    ticket = _own_ticket(request, ticket_id)
    try:
        services.raise_hotrush(ticket=ticket, customer=_customer(request))
    except DeskError as error:
        messages.error(request, error.message, extra_tags=f"code-{error.code}")
    else:
        messages.success(
            request, _("The request is Hotrush now: the first reply is due within 2 working hours.")
        )
    return redirect("portal:ticket", ticket_id=ticket.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Shared by portal and console: `access_attachment` decides who may read what."""
    return file_response(_readable_file(request, attachment_id))


@login_required
@require_GET
def attachment_preview(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """An image attachment shown inline (portal and console), with the download's access rules."""
    return preview_response(_readable_file(request, attachment_id))


def _readable_file(request: HttpRequest, attachment_id: int) -> Attachment:
    try:
        return access_attachment(_customer(request), attachment_id)
    except NotFound as exc:
        raise Http404 from exc


def file_response(attachment: Attachment) -> FileResponse:
    """The file as a download under its cleaned name, never rendered by the browser (also the
    visitors' follow-up page, `desk.portal.views.contact`). A file gone from storage is a 404."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=clean_original_name(attachment.original_name),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_response(attachment: Attachment) -> HttpResponse:
    """Only raster images proven by their bytes and small enough; anything else is a 404 here and
    stays a download. The type sent is the sniffed one, never the sender's claim."""
    image = previews.preview_bytes(attachment)
    if image is None:
        raise Http404
    data, kind = image
    response = HttpResponse(data, content_type=f"image/{kind}")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response

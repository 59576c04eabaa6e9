"""Writing to Customer Service or Sales without a support entitlement (issue 12 point 7): the
contact form for customers and visitors, and the visitors' signed follow-up page.

Thin: `desk.tickets.services` opens the request and adds messages; the follow-up page loads
its request through `desk.tickets.visitor_links` only (a wrong or expired link is a clear,
translated page, never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from desk.accounts import throttle
from desk.accounts.models import Language, User
from desk.core.errors import DeskError
from desk.portal.forms.contact import ContactForm, VisitorReplyForm
from desk.portal.views.tickets import file_response, preview_response
from desk.tickets import services, visitor_links
from desk.tickets.models import Attachment, Status, Ticket
from desk.tickets.selectors import ticket_messages

WRITE_TEMPLATE = "portal/contact/write.html"


def _language() -> str:
    language = (translation.get_language() or Language.EN)[:2]
    return language if language in Language.values else Language.EN


def _throttled(request: HttpRequest, form: ContactForm, wait: int) -> HttpResponse:
    minutes = max(1, (wait + 59) // 60)
    message = ngettext(
        "Too many messages from your address. Try again in %(count)d minute.",
        "Too many messages from your address. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}
    response = render(request, WRITE_TEMPLATE, {"form": form, "throttled": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def contact_write(request: HttpRequest) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    initial = {"department": request.GET.get("department", "")[:50]}
    if request.method != "POST":
        form = ContactForm(initial=initial, signed_in=user is not None)
        return render(request, WRITE_TEMPLATE, {"form": form})
    form = ContactForm(request.POST, signed_in=user is not None)
    if wait := throttle.public_form_wait(request, "contact"):
        return _throttled(request, form, wait)
    if not form.is_valid():
        return render(request, WRITE_TEMPLATE, {"form": form}, status=400)
    data = form.cleaned_data
    try:
        if user is not None:
            ticket = services.open_department_request(
                customer=user,
                department=data["department"],
                subject=data["subject"],
                body=data["body"],
                language=user.language,
            )
            messages.success(request, _("Your message has been sent."))
            return redirect("portal:ticket", ticket_id=ticket.pk)
        services.write_as_visitor(
            email=data["email"],
            name=data["name"],
            department=data["department"],
            subject=data["subject"],
            body=data["body"],
            language=_language(),
        )
    except DeskError as error:
        form.add_service_error(error)
        return render(request, WRITE_TEMPLATE, {"form": form}, status=error.status)
    # The same answer whether or not the address has an account (it is only a claim).
    context = {"email": data["email"], "department": data["department"]}
    return render(request, "portal/contact/sent.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def visitor_request(request: HttpRequest, token: str) -> HttpResponse:
    try:
        ticket = visitor_links.access_visitor_ticket(token[:1000])
    except DeskError as error:
        return render(
            request, "portal/contact/link_error.html", {"error": error}, status=error.status
        )
    form = VisitorReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_customer_message(
                    ticket=ticket,
                    author=ticket.customer,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            except DeskError as error:
                form.add_service_error(error)
                return _visitor_page(request, ticket, token, form, status=error.status)
            messages.success(request, _("Your message has been sent."))
            return redirect("portal:visitor_request", token=token)
        return _visitor_page(request, ticket, token, form, status=400)
    return _visitor_page(request, ticket, token, form)


@require_GET
def visitor_attachment(request: HttpRequest, token: str, attachment_id: int) -> FileResponse:
    """A file of the visitor's conversation, under the follow-up link's own checks."""
    return file_response(_visitor_file(token, attachment_id))


@require_GET
def visitor_attachment_preview(
    request: HttpRequest, token: str, attachment_id: int
) -> HttpResponse:
    return preview_response(_visitor_file(token, attachment_id))


def _visitor_file(token: str, attachment_id: int) -> Attachment:
    # Any refusal (a bad or expired link, another request's file, a note's) is the same 404.
    try:
        return visitor_links.access_visitor_attachment(token[:1000], attachment_id)
    except DeskError as exc:
        raise Http404 from exc


def _visitor_page(
    request: HttpRequest, ticket: Ticket, token: str, form: VisitorReplyForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "ticket": ticket,
        "token": token,
        "conversation": ticket_messages(ticket, include_notes=False),
        "reply_form": form,
        "can_reply": ticket.status != Status.CLOSED,
    }
    return render(request, "portal/contact/visitor_request.html", context, status=status)

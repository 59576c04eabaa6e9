"""Held mail in the portal (the customer confirms or discards it) and in the console (staff see
everything that is held). Thin: loads through `desk.mail.held`, changes through its services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from desk.accounts.models import User
from desk.core.errors import DeskError
from desk.core.pagination import paginate
from desk.mail import held
from desk.mail.models import InboundMessage, InboundState
from desk.mail.parsing import parse_mail
from desk.mail.sanitizing import html_to_text

_PREVIEW_CHARS = 4000


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required ran first; this narrows the type
        raise Http404
    return request.user


def _preview(record: InboundMessage) -> str:
    parsed = parse_mail(bytes(record.raw))
    text = parsed.text or (html_to_text(parsed.html) if parsed.html else "")
    return text.replace("\x00", "").strip()[:_PREVIEW_CHARS]


@login_required
@require_GET
def held_mail_list(request: HttpRequest) -> HttpResponse:
    rows = held.held_mail_of(_user(request)).select_related("ticket")
    page = paginate(rows, request.GET.get("page"))
    return render(request, "mail_pages/held_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def held_mail(request: HttpRequest, inbound_id: int) -> HttpResponse:
    customer = _user(request)
    try:
        record = held.access_held_mail(customer, inbound_id)
    except DeskError as exc:
        raise Http404 from exc
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {"confirm", "discard"}:
            messages.error(request, _("Choose whether to confirm or discard the message."))
            return redirect("mail:held_mail", inbound_id=inbound_id)
        try:
            if action == "confirm":
                record = held.confirm_held_mail(customer=customer, inbound_id=inbound_id)
            else:
                record = held.discard_held_mail(customer=customer, inbound_id=inbound_id)
        except DeskError as error:
            messages.error(request, error.message)
            return redirect("mail:held_mails")
        return _after_decision(request, record)
    context = {"record": record, "preview": _preview(record)}
    return render(request, "mail_pages/held_detail.html", context)


def _after_decision(request: HttpRequest, record: InboundMessage) -> HttpResponse:
    if record.state == InboundState.DROPPED:
        messages.success(request, _("The message was discarded."))
    elif record.state in {InboundState.OPENED, InboundState.ATTACHED} and record.ticket_id:
        messages.success(request, _("Thank you: the message was added to your request."))
        return redirect("portal:ticket", ticket_id=record.ticket_id)
    else:
        messages.info(request, _("Thank you: our staff will look at the message."))
    return redirect("mail:held_mails")


@require_GET
def staff_held_mail(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (isinstance(user, User) and user.is_active and (user.is_engineer or user.is_superuser)):
        raise Http404
    held_rows = InboundMessage.objects.filter(state=InboundState.HELD).select_related(
        "held_for", "ticket"
    )
    page = paginate(held_rows.order_by("-created_at", "-id"), request.GET.get("page"))
    return render(request, "mail_pages/staff_held_list.html", {"page": page})

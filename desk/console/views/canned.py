"""Console: an engineer's own canned replies (the shared ones are kept in the admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import Engineer
from desk.console.forms import CannedReplyForm
from desk.console.views.tickets import engineer_required
from desk.core.errors import DeskError, NotFound
from desk.replies import services
from desk.replies.access import access_canned_reply
from desk.replies.models import CannedReply
from desk.replies.selectors import personal_canned_replies, shared_canned_replies


def _page(
    request: HttpRequest, engineer: Engineer, form: CannedReplyForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "personal": personal_canned_replies(engineer),
        "shared": shared_canned_replies(),
    }
    return render(request, "console/canned_replies.html", context, status=status)


def _save(
    request: HttpRequest, engineer: Engineer, form: CannedReplyForm, reply: CannedReply | None
) -> DeskError | None:
    """Create or update through the service; the refusal, if any."""
    data: dict[str, Any] = form.cleaned_data
    arguments = {
        "title": data["title"],
        "body": data["body"],
        "language": data["language"],
        "department": data["department"],
    }
    try:
        if reply is None:
            services.create_canned_reply(owner=engineer, **arguments)
        else:
            services.update_canned_reply(reply=reply, **arguments)
    except DeskError as error:
        return error
    return None


@engineer_required
@require_http_methods(["GET", "POST"])
def canned_replies(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    if request.method != "POST":
        language = (engineer.languages or ["en"])[0]
        return _page(request, engineer, CannedReplyForm(initial={"language": language}))
    form = CannedReplyForm(request.POST)
    error = _save(request, engineer, form, None) if form.is_valid() else None
    if not form.is_valid() or error is not None:
        if error is not None:
            form.add_error("body" if error.code == "unknown_placeholder" else None, error.message)
        return _page(request, engineer, form, status=400)
    messages.success(request, _("Canned reply saved."))
    return redirect("console:canned_replies")


def _own(engineer: Engineer, reply_id: int) -> CannedReply:
    try:
        return access_canned_reply(engineer, reply_id, to_edit=True)
    except NotFound as exc:
        raise Http404 from exc


@engineer_required
@require_http_methods(["GET", "POST"])
def canned_reply_edit(request: HttpRequest, engineer: Engineer, reply_id: int) -> HttpResponse:
    reply = _own(engineer, reply_id)
    if request.method != "POST":
        initial = {
            "title": reply.title,
            "body": reply.body,
            "language": reply.language,
            "department": reply.department.code if reply.department else "",
        }
        form = CannedReplyForm(initial=initial)
        return render(request, "console/canned_reply_edit.html", {"form": form, "reply": reply})
    form = CannedReplyForm(request.POST)
    error = _save(request, engineer, form, reply) if form.is_valid() else None
    if not form.is_valid() or error is not None:
        if error is not None:
            form.add_error("body" if error.code == "unknown_placeholder" else None, error.message)
        context = {"form": form, "reply": reply}
        return render(request, "console/canned_reply_edit.html", context, status=400)
    messages.success(request, _("Canned reply saved."))
    return redirect("console:canned_replies")


@engineer_required
@require_POST
def canned_reply_delete(request: HttpRequest, engineer: Engineer, reply_id: int) -> HttpResponse:
    services.delete_canned_reply(reply=_own(engineer, reply_id))
    messages.success(request, _("Canned reply deleted."))
    return redirect("console:canned_replies")

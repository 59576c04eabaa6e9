"""Console: the queue's action bar. Assigns or sets the status of the ticked requests, each
through the single-request service, and reports every refused row."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from desk.accounts.models import Engineer
from desk.console.forms import BulkForm
from desk.console.views.tickets import _form_errors, engineer_required
from desk.core.errors import DeskError
from desk.tickets.services.bulk import bulk_assign, bulk_change_status


def _back(request: HttpRequest) -> HttpResponse:
    """To the queue page the bar was on (its filters and page), never elsewhere."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed and target.startswith("/console/"):
        return redirect(target)
    return redirect("console:queue")


@engineer_required
@require_POST
def queue_bulk(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request)
    data = form.cleaned_data
    try:
        if data["action"] == "assign":
            outcomes = bulk_assign(
                actor=engineer.user, ticket_ids=form.ticket_ids(), engineer=data["engineer"]
            )
        else:
            outcomes = bulk_change_status(
                actor=engineer.user, ticket_ids=form.ticket_ids(), status=data["status"] or ""
            )
    except DeskError as error:
        messages.error(request, error.message)
        return _back(request)
    done = sum(1 for outcome in outcomes if outcome.is_done)
    if done:
        messages.success(
            request,
            ngettext("%(count)d request changed.", "%(count)d requests changed.", done)
            % {"count": done},
        )
    for outcome in outcomes:
        if outcome.error is not None:
            messages.error(
                request,
                _("%(reference)s not changed: %(reason)s")
                % {"reference": outcome.reference, "reason": outcome.error.message},
            )
    return _back(request)

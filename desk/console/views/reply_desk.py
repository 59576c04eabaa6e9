"""Console: the reply's desk on a request page, driven by htmx. Inserting a canned reply, saving
the draft as the engineer types, and the poll that says who else is on the request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from desk.accounts.models import Engineer
from desk.console.forms import CannedPickForm
from desk.console.views.tickets import _ticket, engineer_required, reply_form
from desk.core import clock
from desk.core.errors import DeskError
from desk.replies import services
from desk.replies.selectors import colleagues_on, messages_since


@engineer_required
@require_POST
def ticket_canned_insert(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    """Answers the reply text field with the canned reply appended (htmx swaps it in)."""
    ticket = _ticket(engineer, ticket_id)
    pick = CannedPickForm(request.POST)
    body = request.POST.get("body", "")
    unfilled: tuple[str, ...] = ()
    error = ""
    if pick.is_valid():
        try:
            inserted = services.insert_canned_reply(
                engineer=engineer, ticket=ticket, reply_id=pick.cleaned_data["canned"], body=body
            )
        except DeskError as refused:
            error = refused.message
        else:
            body, unfilled = inserted.body, inserted.unfilled
    else:
        error = " ".join(str(message) for message in pick.errors.get("canned", []))
    context = {
        "reply_form": reply_form(ticket, initial={"body": body}),
        "unfilled": [f"{{{name}}}" for name in unfilled],
        "pick_error": error,
    }
    return render(request, "console/_reply_body.html", context, status=400 if error else 200)


@engineer_required
@require_POST
def ticket_draft(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    ticket = _ticket(engineer, ticket_id)
    try:
        services.save_draft(engineer=engineer, ticket=ticket, body=request.POST.get("body", ""))
    except DeskError as error:
        return render(request, "console/_draft_state.html", {"error": error.message}, status=400)
    return render(request, "console/_draft_state.html", {"saved_at": clock.now()})


@engineer_required
@require_POST
def ticket_presence(request: HttpRequest, engineer: Engineer, ticket_id: int) -> HttpResponse:
    """The heartbeat of an open request page (every 10 s): notes this engineer as present and
    answers with who else is here and whether messages arrived since message `seen`."""
    ticket = _ticket(engineer, ticket_id)
    services.note_presence(engineer=engineer, ticket=ticket)
    try:
        seen = min(max(0, int(request.GET.get("seen", "0")[:20])), 2**62)
    except ValueError:
        seen = 0
    context = {
        "colleagues": colleagues_on(ticket, engineer, clock.now()),
        "new_messages": messages_since(ticket, seen, engineer),
        "ticket": ticket,
    }
    return render(request, "console/_presence.html", context)

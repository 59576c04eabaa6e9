"""The application's URLs plus two bare endpoints that measure what the stack itself costs
(`python -m bench.floor`): a signed-in POST answered with nothing done, and one that writes a
single row in its own transaction. Served only by the bench, never by the application."""

from __future__ import annotations

from functools import cache

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as application
from desk.tickets.models import EventKind, Ticket, TicketEvent


def _signed_in(request: HttpRequest) -> JsonResponse | None:
    if not request.user.is_authenticated:
        return JsonResponse({"code": "not_authenticated"}, status=401)
    return None


def noop(request: HttpRequest) -> JsonResponse:
    """Session, user, CSRF and the middleware: what every signed-in POST pays."""
    return _signed_in(request) or JsonResponse({"ok": True}, status=201)


@cache
def _ticket_of(user_id: int) -> int:
    return (
        Ticket.objects.filter(customer_id=user_id).order_by("-id").values_list("id", flat=True)[0]
    )


def insert(request: HttpRequest) -> JsonResponse:
    """`noop` plus one INSERT committed (one history row on the customer's newest request)."""
    refused = _signed_in(request)
    if refused:
        return refused
    with transaction.atomic():
        event = TicketEvent.objects.create(
            ticket_id=_ticket_of(request.user.pk), actor_id=request.user.pk, kind=EventKind.MESSAGE
        )
    return JsonResponse({"id": event.pk}, status=201)


urlpatterns = [
    path("bench/floor/noop", noop),
    path("bench/floor/insert", insert),
    *application,
]

"""The customer's search over their own requests: subjects, their messages and the engineers'
replies, their email and store URLs; never internal notes, never another customer's words."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from desk.accounts.models import User
from desk.core.errors import DeskError
from desk.portal.forms.tickets import TicketFilterForm
from desk.tickets import text_search
from desk.tickets.selectors import tickets_of_customer

PER_PAGE = 20
MAX_PAGE = 50


@login_required
@require_GET
def ticket_search(request: HttpRequest) -> HttpResponse:
    customer = request.user
    if not isinstance(customer, User):
        raise Http404
    filters = TicketFilterForm(request.GET)
    status = (filters.cleaned_data["status"] if filters.is_valid() else "") or None
    query = request.GET.get("q", "")
    page = _page_number(request.GET.get("page"))
    context: dict[str, Any] = {"q": query, "status": status or "", "results": None, "error": None}
    try:
        results = text_search.search_requests(
            query=query,
            tickets=tickets_of_customer(customer, status=status),
            customer=customer,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
    except DeskError as refused:
        context["error"] = refused.message
    else:
        kept = {key: value for key, value in (("q", query), ("status", status)) if value}
        has_next = page < MAX_PAGE and results.total > page * PER_PAGE
        context.update(
            results=results,
            page=page,
            previous_query=urlencode({**kept, "page": page - 1}) if page > 1 else None,
            next_query=urlencode({**kept, "page": page + 1}) if has_next else None,
        )
    return render(request, "portal/tickets/search.html", context)


def _page_number(raw: str | None) -> int:
    if raw and raw.isascii() and raw.isdigit():
        return max(1, min(int(raw), MAX_PAGE))
    return 1

"""Full-text search over requests: the customer's own (`/tickets/search`) and, for engineers,
every request with its internal notes (`/console/search`). Best match first, one page of at
most 50 results, each with its snippet as plain-text fragments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from desk.api.callers import signed_in_engineer, signed_in_user
from desk.api.schemas import error_responses
from desk.api.schemas.search import (
    ConsoleSearchIn,
    ConsoleTicketSearchOut,
    SearchIn,
    TicketSearchOut,
)
from desk.tickets import text_search
from desk.tickets.selectors import tickets_of_customer

customer_router = Router(tags=["tickets"])
console_router = Router(tags=["console"])


@customer_router.get("/search", response={200: TicketSearchOut, **error_responses(400)})
def search_my_tickets(request: HttpRequest, search: Query[SearchIn]) -> dict[str, Any]:
    """Your requests whose subject, messages, engineer replies, email or store URL hold every
    word of `q` (stemmed: "payments" finds "payment", "платежи" finds "платёж"), best first.
    Codes: `search_query_empty`, `search_query_too_long`, `search_query_too_many_words`,
    `invalid_status`."""
    customer = signed_in_user(request)
    results = text_search.search_requests(
        query=search.q,
        tickets=tickets_of_customer(customer, status=search.status),
        customer=customer,
        limit=search.page_size,
        offset=(search.page - 1) * search.page_size,
    )
    return _page(results, search)


@console_router.get("/search", response={200: ConsoleTicketSearchOut, **error_responses(400, 404)})
def search_tickets(request: HttpRequest, search: Query[ConsoleSearchIn]) -> dict[str, Any]:
    """Every request (closed ones too) whose subject, messages, internal notes, customer email
    or store URL hold every word of `q`, best first; `department`, `language` and `status`
    narrow it. Engineers only. Codes as `/tickets/search`."""
    signed_in_engineer(request)
    results = text_search.search_requests(
        query=search.q,
        tickets=text_search.tickets_for_search(
            department=search.department, language=search.language, status=search.status
        ),
        customer=None,
        limit=search.page_size,
        offset=(search.page - 1) * search.page_size,
    )
    return _page(results, search)


def _page(results: text_search.RequestResults, search: SearchIn) -> dict[str, Any]:
    pages = max(1, -(-min(results.total, 1000) // search.page_size))
    return {
        "items": [
            {
                "ticket": hit.ticket,
                "snippet": [{"text": f.text, "match": f.is_match} for f in hit.snippet],
                "in_message": hit.in_message,
            }
            for hit in results.hits
        ],
        "count": results.total,
        "count_is_exact": results.total_is_exact,
        "page": search.page,
        "pages": min(pages, 50),
    }

"""Requests in the search index (`desk.search`), and searching them.

A request is indexed as documents of kind "request": its header (subject, customer email, store
URL) and one document per message, which carries the header's words as keywords (so "checkout
opcache" finds a reply about opcache on a request about checkout); internal notes are visible to
engineers only. The services that open requests and add messages call `index_opening` (header and
first message together) / `index_message` in their transaction, and those that change what the
documents carry (a subject, a customer's email, a store's URL: `desk.tickets.services.editing`)
re-index the requests concerned in theirs. No path deletes a request or a message (history is
append-only; customers and stores are protected); one that does must call `remove_requests` /
`index_request`. The seed loader (`desk.seed`) writes the same documents in bulk (its test compares
them with `header_document` / `message_document`), and `manage.py rebuild_search_index` rebuilds it
all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from desk.accounts.models import User
from desk.search import selectors as search_selectors
from desk.search import services as search_services
from desk.search.models import Visibility
from desk.search.services import Document
from desk.search.text import Fragment, words
from desk.tickets import checks
from desk.tickets.models import Message, MessageKind, Ticket

KIND = "request"
HEADER = "request"
BATCH = 500


def header_document(ticket: Ticket) -> Document:
    """Subject, customer email and store URL; the words of the last two are keywords too (an
    address or URL is one token to PostgreSQL, which would not find "alice" in it)."""
    email = ticket.customer.email
    url = ticket.store.canonical_url if ticket.store is not None else ""
    return Document(
        kind=KIND,
        object_id=ticket.pk,
        part=HEADER,
        owner_id=ticket.customer_id,
        visibility=Visibility.CUSTOMER,
        language=ticket.language,
        text=f"{ticket.subject} · {email} · {url}",
        keywords=" ".join([*words(email), *words(url)]),
    )


def header_words(ticket: Ticket) -> str:
    return " ".join(
        [
            *words(ticket.subject),
            *words(ticket.customer.email),
            *words(ticket.store.canonical_url if ticket.store is not None else ""),
        ]
    )


def message_document(ticket: Ticket, message: Message) -> Document:
    is_note = message.kind == MessageKind.NOTE
    return Document(
        kind=KIND,
        object_id=ticket.pk,
        part=f"message:{message.pk}",
        owner_id=ticket.customer_id,
        visibility=Visibility.ENGINEER if is_note else Visibility.CUSTOMER,
        language=ticket.language,
        text=message.body,
        keywords=header_words(ticket),
    )


def index_request(ticket: Ticket) -> None:
    """(Re)index the whole request: header and every message (which carry the header's words).
    Call it in the transaction that changes its subject, customer email or store URL."""
    messages = Message.objects.filter(ticket=ticket).order_by("id")
    search_services.replace_objects(
        KIND,
        [ticket.pk],
        [header_document(ticket), *(message_document(ticket, m) for m in messages)],
    )


def index_opening(ticket: Ticket, message: Message) -> None:
    """Index a new request's header (subject, customer email, store URL) and first message in
    one INSERT, in the transaction that opens it (a change of the header later needs
    `index_request`: the messages carry it too)."""
    search_services.add_documents([message_document(ticket, message), header_document(ticket)])


def index_message(ticket: Ticket, message: Message) -> None:
    """Index one new message of the request (in the transaction that added it)."""
    search_services.add_documents([message_document(ticket, message)])


def index_requests(ticket_ids: Iterable[int]) -> int:
    """(Re)index many requests in batches, for bulk loaders: a few queries per 500 requests.
    Returns the number of documents written."""
    ids = sorted(set(ticket_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        tickets = Ticket.objects.filter(pk__in=batch).select_related("customer", "store")
        by_id = {ticket.pk: ticket for ticket in tickets}
        documents = [header_document(ticket) for ticket in by_id.values()]
        for message in Message.objects.filter(ticket_id__in=batch).order_by("id"):
            documents.append(message_document(by_id[message.ticket_id], message))
        search_services.replace_objects(KIND, batch, documents)
        written += len(documents)
    return written


def index_customer_requests(customer_id: int) -> int:
    """Re-index every request of a customer (their email is in each document)."""
    return index_requests(_ids(Ticket.objects.filter(customer_id=customer_id)))


def index_store_requests(store_id: int) -> int:
    """Re-index every request about a store (its URL is in each document)."""
    return index_requests(_ids(Ticket.objects.filter(store_id=store_id)))


def _ids(tickets: QuerySet[Ticket]) -> list[int]:
    return list(tickets.order_by().values_list("pk", flat=True))


def remove_requests(ticket_ids: Sequence[int]) -> None:
    """Drop deleted requests from the index (in the transaction that deletes them)."""
    search_services.remove_objects(KIND, ticket_ids)


def rebuild_index() -> int:
    """The whole index of requests, from the data."""
    search_services.clear_kind(KIND)
    return index_requests(Ticket.objects.order_by().values_list("pk", flat=True).iterator())


@dataclass(frozen=True, slots=True)
class RequestHit:
    ticket: Ticket
    snippet: list[Fragment]
    in_message: bool  # the best match is in a message (else in the subject, email or URL)


@dataclass(frozen=True, slots=True)
class RequestResults:
    hits: list[RequestHit]
    total: int
    total_is_exact: bool


def search_requests(
    *,
    query: str | None,
    tickets: QuerySet[Ticket],
    customer: User | None,
    limit: int = 20,
    offset: int = 0,
) -> RequestResults:
    """Requests among `tickets` (the caller's filters) matching `query`, best first. A
    `customer` searches their own requests' public text only; None means an engineer, who also
    searches internal notes. Three queries. Raises the `search_query_*` errors."""
    if customer is not None:
        tickets = tickets.filter(customer=customer)
    found = search_selectors.search(
        kind=KIND,
        query=query,
        within=tickets,
        owner_id=customer.pk if customer is not None else None,
        include_internal=customer is None,
        limit=limit,
        offset=offset,
    )
    loaded = tickets.in_bulk([hit.object_id for hit in found.hits]) if found.hits else {}
    hits = [
        RequestHit(
            ticket=loaded[hit.object_id],
            snippet=hit.snippet,
            in_message=hit.part.startswith("message:"),
        )
        for hit in found.hits
        if hit.object_id in loaded
    ]
    return RequestResults(hits=hits, total=found.total, total_is_exact=found.total_is_exact)


def tickets_for_search(
    *, department: str | None = None, language: str | None = None, status: str | None = None
) -> QuerySet[Ticket]:
    """What engineers search within: every request (closed ones too) unless filtered."""
    tickets = Ticket.objects.select_related(
        "customer", "store", "department", "plan", "assignee__user"
    )
    if status:
        tickets = tickets.filter(status=checks.check_status(status))
    if department:
        tickets = tickets.filter(department__code=department)
    if language:
        tickets = tickets.filter(language=language)
    return tickets

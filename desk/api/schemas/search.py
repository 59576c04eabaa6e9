"""Search answers: requests, best match first, each with a highlighted snippet.

A snippet is a list of fragments of plain text; `match` marks the words that matched. Clients
render the text as text (never as HTML) and may emphasise the matching fragments.
"""

from __future__ import annotations

from ninja import Field, Schema

from desk.api.schemas.console import ConsoleTicketOut
from desk.api.schemas.fields import Code, DepartmentCode, LanguageCode, SearchQuery
from desk.api.schemas.tickets import TicketOut

MAX_PAGE = 50
MAX_PAGE_SIZE = 50


class FragmentOut(Schema):
    text: str
    match: bool = Field(description="This fragment is a word that matched the query.")


class SearchIn(Schema):
    q: SearchQuery = Field(
        "", description="Words to find (all of them; stemmed, English and Russian)."
    )
    status: Code | None = Field(None, description="One status; default: any.")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number (up to 50).")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ConsoleSearchIn(SearchIn):
    department: DepartmentCode | None = Field(None, description="A department code.")
    language: LanguageCode | None = None


class TicketHitOut(Schema):
    ticket: TicketOut
    snippet: list[FragmentOut]
    in_message: bool = Field(
        description="The best match is in a message (else in the subject, email or store URL)."
    )


class ConsoleTicketHitOut(Schema):
    ticket: ConsoleTicketOut
    snippet: list[FragmentOut]
    in_message: bool = Field(
        description="The best match is in a message or note (else in the subject, email or "
        "store URL)."
    )


class TicketSearchOut(Schema):
    items: list[TicketHitOut]
    count: int = Field(description="Requests found, counted up to 1,001.")
    count_is_exact: bool = Field(description="False when more than 1,000 were found.")
    page: int
    pages: int = Field(description="Number of pages; at least 1 (at most 50).")


class ConsoleTicketSearchOut(TicketSearchOut):
    items: list[ConsoleTicketHitOut]  # type: ignore[assignment]

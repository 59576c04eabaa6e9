"""Pagination for every list endpoint: `{items, count, count_is_exact, page, pages,
next_cursor}`.

A fixed number of queries whatever the data size: one bounded COUNT (at most
`desk.core.keyset.COUNT_LIMIT + 1` rows are counted; above that `count` is the limit and
`count_is_exact` false), one slice, plus whatever the selector prefetches and the endpoint's
`on_page` hook adds (figures computed for the whole page at once).

Endpoints over lists that grow without limit (the queue, a customer's requests) name their sort
`keys`: they answer `next_cursor`, and `cursor` continues from it through the index (keyset
pages: page 4,000 costs what page 1 costs). `page` stays for the short lists and the first
pages; like `page_size` it is bounded, so a huge page number is a 422 instead of an OFFSET the
database cannot hold. A cursor that does not decode is a 400 `invalid_cursor`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from desk.core.keyset import KeyOrder, bounded_count, encode_cursor, keyset_page

MAX_PAGE: Final = 100_000
MAX_PAGE_SIZE: Final = 100


class DeskPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (default 25)."
        )
        cursor: str | None = Field(
            None,
            max_length=500,
            description="`next_cursor` of the page before: continue after it (`page` is then "
            "ignored). Only lists that answer a `next_cursor` take it.",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description="Rows on every page together, counted up to 1000: when "
            "`count_is_exact` is false there are more than `count`."
        )
        count_is_exact: bool
        page: int
        pages: int = Field(
            description="Number of pages (at least 1; a lower bound when the count is not exact)."
        )
        next_cursor: str | None = Field(
            description="Pass as `cursor` for the next page; null on the last page and on "
            "lists without keyset pages."
        )

    items_attribute = "items"

    def __init__(
        self,
        *,
        page_size: int | None = None,
        on_page: Callable[[list[Any]], None] | None = None,
        keys: KeyOrder | None = None,
        **kwargs: Any,
    ) -> None:
        self.page_size = page_size or settings.DESK_PAGE_SIZE
        self.on_page = on_page
        self.keys = keys
        super().__init__(**kwargs)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        size = pagination.page_size or self.page_size
        count = bounded_count(queryset)
        page = pagination.page
        if self.keys is not None and (pagination.cursor or page == 1):
            found = keyset_page(queryset, self.keys, pagination.cursor, size)
            items, next_cursor = found.rows, found.next_cursor
        else:
            offset = (page - 1) * size
            items = list(queryset[offset : offset + size + 1])
            more, items = len(items) > size, items[:size]
            next_cursor = None
            if self.keys is not None and more:
                next_cursor = encode_cursor([getattr(items[-1], f) for f in self.keys.fields])
        if self.on_page is not None:
            self.on_page(items)
        return {
            "items": items,
            "count": count.value,
            "count_is_exact": count.is_exact,
            "page": page,
            "pages": max(1, -(-count.value // size)),
            "next_cursor": next_cursor,
        }

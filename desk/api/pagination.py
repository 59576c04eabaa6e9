"""Page-number pagination for every list endpoint: `{items, count, page, pages}`.

Two queries whatever the data size (one COUNT, one slice), plus whatever the selector prefetches
and the endpoint's `on_page` hook adds (figures computed for the whole page at once).
Unlike ninja's PageNumberPagination, `page` and `page_size` are bounded, so a huge page number is
a 422 instead of an OFFSET the database cannot hold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE: Final = 100_000
MAX_PAGE_SIZE: Final = 100


class DeskPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (default 25)."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Rows on every page together.")
        page: int
        pages: int = Field(description="Number of pages; at least 1.")

    items_attribute = "items"

    def __init__(
        self,
        *,
        page_size: int | None = None,
        on_page: Callable[[list[Any]], None] | None = None,
        **kwargs: Any,
    ) -> None:
        self.page_size = page_size or settings.DESK_PAGE_SIZE
        self.on_page = on_page
        super().__init__(**kwargs)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        size = pagination.page_size or self.page_size
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * size
        items = list(queryset[offset : offset + size])
        if self.on_page is not None:
            self.on_page(items)
        return {
            "items": items,
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // size)),
        }

"""Keyset-free page numbers with a fixed query count: one COUNT, one slice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet


def paginate(
    queryset: QuerySet[Any],
    page_number: object,
    per_page: int | None = None,
    *,
    count: int | None = None,
) -> Page[Any]:
    """Return the requested page; a bad or out-of-range number gives the nearest valid page.
    `count`: the number of rows when the caller has counted them already (saves the COUNT)."""
    paginator = Paginator(queryset, per_page or settings.DESK_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never queried
    try:
        return paginator.page(str(page_number or 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)

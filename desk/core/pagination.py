"""Keyset-free page numbers with a fixed query count: one COUNT, one slice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet


def paginate(
    queryset: QuerySet[Any], page_number: object, per_page: int | None = None
) -> Page[Any]:
    """Return the requested page; a bad or out-of-range number gives the nearest valid page."""
    paginator = Paginator(queryset, per_page or settings.DESK_PAGE_SIZE)
    try:
        return paginator.page(str(page_number or 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)

"""Keyset ("cursor") pages and bounded counts for lists that grow without limit.

A page is "the next `size` rows after this key", found through the index that holds the sort
order, so page 4,000 costs what page 1 costs (OFFSET would read and throw away every row before
it). The key of the last row travels as an opaque cursor (URL-safe base64 of JSON); a cursor that
does not decode is refused with `invalid_cursor`, never a 500.

The sort is all ascending or all descending over `fields`, the last of which is unique (the
primary key). The first field may hold NULLs sorted last (`nullable_first`): the page is then
read in two index-ordered parts, the rows with a value and then the rows without, each its own
query, so no OR across NULLs keeps the database from walking the index.

Counts: `bounded_count` counts at most `COUNT_LIMIT + 1` rows (`SELECT COUNT(*) FROM (... LIMIT
n)`), so a list of a million rows costs what a list of a thousand does; above the limit the
count is "1,000+" (`count_label`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.db.models import Model, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError

COUNT_LIMIT: Final = 1000


def invalid_cursor() -> DeskError:
    return DeskError(
        "invalid_cursor", _("This page link is no longer valid: start from the first page.")
    )


@dataclass(frozen=True, slots=True)
class KeyOrder:
    """A sort order a keyset page can continue: `fields` in one direction, the last unique."""

    fields: tuple[str, ...]
    descending: bool = False
    nullable_first: bool = False  # the first field may be NULL; NULLs come last

    def order_by(self, fields: tuple[str, ...] | None = None) -> list[str]:
        prefix = "-" if self.descending else ""
        return [prefix + name for name in fields or self.fields]


@dataclass(frozen=True, slots=True)
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class BoundedCount:
    value: int  # exact when `is_exact`, else COUNT_LIMIT (there are more)
    is_exact: bool

    @property
    def label(self) -> str:
        return count_label(self)


def bounded_count(queryset: QuerySet[Any], limit: int = COUNT_LIMIT) -> BoundedCount:
    """The number of rows, counted up to `limit`: one query reading at most `limit + 1` rows."""
    found = queryset.order_by().values("pk")[: limit + 1].count()
    if found > limit:
        return BoundedCount(limit, is_exact=False)
    return BoundedCount(found, is_exact=True)


def count_label(count: BoundedCount) -> str:
    """ "25", "1,000" or "1,000+" in the active language's number format."""
    shown = number_format(count.value, force_grouping=True)
    if count.is_exact:
        return shown
    return str(_("%(count)s+") % {"count": shown})


def keyset_page(
    queryset: QuerySet[Any], order: KeyOrder, cursor: str | None, size: int
) -> KeysetPage:
    """The `size` rows after `cursor` (from the first row when it is None or empty), and the
    cursor of the page after it (None on the last page). One query, two when the page crosses
    from the rows with a first field into those without. Raises `invalid_cursor`."""
    key = decode_cursor(cursor, order) if cursor else None
    fields = order.fields
    if not order.nullable_first:
        page = _after(queryset, order, fields, key).order_by(*order.order_by())[: size + 1]
        return _page(list(page), order, size)
    rows: list[Model] = []
    first = fields[0]
    if key is None or key[0] is not None:
        valued = queryset.filter(**{f"{first}__isnull": False})
        rows = list(_after(valued, order, fields, key).order_by(*order.order_by())[: size + 1])
    if len(rows) <= size:
        empty = queryset.filter(**{f"{first}__isnull": True})
        rest_key = key[1:] if key is not None and key[0] is None else None
        # ordered by the whole key (the first field is NULL throughout): so PostgreSQL sees
        # the index order, which it does not derive from `IS NULL`
        empty = _after(empty, order, fields[1:], rest_key).order_by(*order.order_by())
        rows += list(empty[: size + 1 - len(rows)])
    return _page(rows, order, size)


def first_page(
    valued: list[Any], empty: Callable[[], list[Any]], order: KeyOrder, size: int
) -> KeysetPage:
    """`keyset_page` without a cursor, from rows its caller read: the first `size + 1` rows
    with a first field (`valued`) and, only when they are not more than `size`, the first
    `size + 1` rows without one (`empty`). For reads prepared once (desk.core.prepared)."""
    rows = list(valued)
    if order.nullable_first and len(rows) <= size:
        rows += empty()[: size + 1 - len(rows)]
    return _page(rows, order, size)


def _page(rows: list[Model], order: KeyOrder, size: int) -> KeysetPage:
    if len(rows) <= size:
        return KeysetPage(rows, None)
    rows = rows[:size]
    return KeysetPage(rows, encode_cursor([getattr(rows[-1], name) for name in order.fields]))


def _after(
    queryset: QuerySet[Any], order: KeyOrder, fields: tuple[str, ...], key: list[Any] | None
) -> QuerySet[Any]:
    """Rows strictly after `key` in the order: `f0 >= k0 AND (f0 > k0 OR f0 = k0 AND f1 > k1
    OR ...)`. The first, redundant bound is what lets the database start inside the index."""
    if key is None:
        return queryset
    after, at_or_after = ("lt", "lte") if order.descending else ("gt", "gte")
    later = Q()
    for depth, name in enumerate(fields):
        equal = {fields[k]: key[k] for k in range(depth)}
        later |= Q(**equal, **{f"{name}__{after}": key[depth]})
    return queryset.filter(Q(**{f"{fields[0]}__{at_or_after}": key[0]}) & later)


def encode_cursor(values: list[Any]) -> str:
    plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    text = json.dumps(plain, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: KeyOrder) -> list[Any]:
    """The key a cursor carries, typed for `order` (instants, then the integer id)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise invalid_cursor() from exc
    if not isinstance(values, list) or len(values) != len(order.fields):
        raise invalid_cursor()
    return [_typed(value, k, order) for k, value in enumerate(values)]


def _typed(value: object, position: int, order: KeyOrder) -> Any:
    last = position == len(order.fields) - 1
    if last:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise invalid_cursor()
    if value is None and position == 0 and order.nullable_first:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise invalid_cursor() from exc
        if moment.tzinfo is not None:
            return moment
    raise invalid_cursor()

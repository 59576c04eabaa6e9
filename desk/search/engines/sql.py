"""What both engines share: who may see which documents, as SQL over `search_document d`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk.search.models import Visibility


@dataclass(frozen=True, slots=True)
class Scope:
    """The documents one search reads: one of four sets, never a union of them, so an index
    can start from the condition. An `owner_id` reads that customer's own documents (those
    visible to them and engineers: no one else's, no internal note), through the
    (owner_id, search_vector) index on PostgreSQL; else `signed_in` reads the public and
    customers-only documents, `include_internal` every document (engineers), and none of them
    the public documents only (visitors)."""

    kind: str
    owner_id: int | None
    signed_in: bool
    include_internal: bool
    within: tuple[str, tuple[Any, ...]] | None  # SQL selecting the allowed object ids

    def where(self) -> tuple[str, list[Any]]:
        """Conditions on `d` (kind, visibility, owner, allowed objects) and their parameters."""
        sql = ["d.kind = %s"]
        params: list[Any] = [self.kind]
        if self.owner_id is not None:
            # bigint = bigint: the only `=` the GIN index of (owner_id, search_vector) has
            # (btree_gin); with an integer literal the owner would be a filter after the index.
            sql.append("d.owner_id = CAST(%s AS bigint) AND d.visibility = %s")
            params += [self.owner_id, Visibility.CUSTOMER]
        elif self.signed_in:
            sql.append("d.visibility IN (%s, %s)")
            params += [Visibility.PUBLIC, Visibility.CUSTOMERS]
        elif not self.include_internal:
            sql.append("d.visibility = %s")
            params.append(Visibility.PUBLIC)
        if self.within is not None:
            sql.append(f"d.object_id IN ({self.within[0]})")
            params += self.within[1]
        return " AND ".join(sql), params


def page_and_count_sql(*, candidates: str, every: str, best: str, order: str) -> str:
    """One statement for a page of objects and their count, on both engines.

    `candidates` selects (object_id, rank) of the most recent matching documents (ending in
    LIMIT %s); `best` is an object's rank among its documents' (`MAX(c.rank)`) and `order` its
    direction (`DESC`). The page is ranked among the candidates. The count is theirs when they
    are fewer than their limit (every match: exact) or hold `count_limit` objects already (a
    bound: the walk that found them stopped early). Otherwise (many matching documents per
    object) `every` (SELECT DISTINCT object_id of every match, ending in its conditions) counts
    the other objects, only as many as are missing: a CASE runs it only then. So a common word
    costs one walk of the index and a short one, not two whole walks (1M requests:
    bench/README.md, "Portal search scope"). Rows: (object id, rank, count), one row with no
    object when the page is empty. Parameters after the candidates' own: limit, offset, the
    candidates' limit, count_limit, every's own, count_limit."""
    return (
        f"WITH c AS MATERIALIZED ({candidates}), "  # noqa: S608
        "found AS (SELECT COUNT(*) AS documents, COUNT(DISTINCT c.object_id) AS objects FROM c), "
        f"page AS (SELECT c.object_id, {best} AS best FROM c GROUP BY c.object_id "
        f"ORDER BY best {order}, c.object_id DESC LIMIT %s OFFSET %s) "
        "SELECT page.object_id, page.best, CASE WHEN found.documents < %s "
        "OR found.objects >= %s THEN found.objects ELSE found.objects + "
        f"(SELECT COUNT(*) FROM ({every} AND d.object_id NOT IN (SELECT c.object_id FROM c) "
        "LIMIT (SELECT %s - found.objects FROM found)) more) END "
        f"FROM found LEFT JOIN page ON 1 = 1 ORDER BY page.best {order}, page.object_id DESC"
    )

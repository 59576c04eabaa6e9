"""Searching the index: ranked hits, one per object, each with a highlighted snippet.

Two queries whatever the number of documents: the page of objects (best document's rank first)
with the number of objects found (counted up to `COUNT_LIMIT`), and their snippets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from desk.search import checks
from desk.search.engines import postgres, sqlite
from desk.search.engines.sql import Scope
from desk.search.text import Fragment

COUNT_LIMIT = 1000
PAGE_LIMIT = 50
# Ranking reads each matching document; a common word can match most of the index. So hits are
# ranked among the most recent matching documents only: at least this many, and four per result
# up to the requested page (so the 50th page of 20 still has candidates to show).
MIN_CANDIDATES = 2000


@dataclass(frozen=True, slots=True)
class Hit:
    object_id: int
    part: str  # the best-matching part of the object ("request", "message:12")
    rank: float  # higher is better
    snippet: list[Fragment]


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    total: int  # objects found, at most COUNT_LIMIT + 1
    total_is_exact: bool  # False: there are more than COUNT_LIMIT


def search(
    *,
    kind: str,
    query: str | None,
    within: QuerySet[Any] | None = None,
    owner_id: int | None = None,
    signed_in: bool = False,
    include_internal: bool = False,
    limit: int = 20,
    offset: int = 0,
    any_word: bool = False,
) -> Results:
    """Objects of `kind` whose documents hold every word of `query`, best first (ranked among
    the most recent matching documents, see MIN_CANDIDATES; the count covers every match).

    Who searches decides what is searched, one set of documents per search (`Scope`): a visitor
    passes nothing (public documents only); anyone signed in passes `signed_in=True` (public and
    customers-only documents: the knowledge base); a customer searching their own objects passes
    `owner_id` (their documents only, never internal ones nor anyone else's: requests; it wins
    over the other two); engineers pass `include_internal=True` (every document). `within`
    (a queryset of the objects' model) restricts the hits to objects it selects, which is how
    filters combine with the text. `any_word` finds documents holding at least one of the
    words (ranked by how well they match): suggestions as someone types.

    Raises `search_query_empty`, `search_query_too_long`, `search_query_too_many_words`.
    """
    words = checks.check_query(query)
    scope = Scope(
        kind=kind,
        owner_id=owner_id,
        signed_in=signed_in,
        include_internal=include_internal and owner_id is None,
        within=_within_sql(within),
    )
    engine = postgres if connection.vendor == "postgresql" else sqlite
    limit = max(1, min(limit, PAGE_LIMIT))
    offset = max(0, offset)
    candidates = max(MIN_CANDIDATES, 4 * (offset + limit))
    page, total = engine.best_objects_counted(
        words,
        scope,
        limit=limit,
        offset=offset,
        candidates=candidates,
        count_limit=COUNT_LIMIT + 1,
        any_word=any_word,
    )
    if not page:
        snippets: dict[int, tuple[str, list[Fragment]]] = {}
    else:
        ids = [object_id for object_id, _ in page]
        snippets = engine.snippets(words, scope, ids, any_word=any_word)
    hits = [
        Hit(
            object_id=object_id,
            part=snippets.get(object_id, ("", []))[0],
            rank=rank,
            snippet=snippets.get(object_id, ("", []))[1],
        )
        for object_id, rank in page
    ]
    return Results(hits=hits, total=total, total_is_exact=total <= COUNT_LIMIT)


def _within_sql(within: QuerySet[Any] | None) -> tuple[str, tuple[Any, ...]] | None:
    """SQL selecting the objects `within` allows; none for a queryset without conditions (every
    object): a semi-join with every request cost the console's search at 1M requests a probe of
    the requests' primary key per matching document, half of its buffers (bench/README.md)."""
    if within is None or (not within.query.where and not within.query.is_sliced):
        return None
    sql, params = within.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)

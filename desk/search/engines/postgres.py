"""PostgreSQL: the generated tsvector in each document's language (GIN index), ranked by
ts_rank, snippets by ts_headline. The query is parsed in both configurations and each document
is matched by the one of its language, so both halves of the condition use the index."""

from __future__ import annotations

from typing import Any

from django.db import connection

from desk.core.transactions import atomic_with_settings
from desk.search import text
from desk.search.engines.sql import Scope, page_and_count_sql
from desk.search.text import Fragment

_MATCH = (
    "((d.language = 'ru' AND d.search_vector @@ {fn}('russian', %s)) "
    "OR (d.language <> 'ru' AND d.search_vector @@ {fn}('english', %s)))"
)
_CONFIG = "CASE WHEN d.language = 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END"
SERIAL = {"max_parallel_workers_per_gather": "0"}
# The GIN index over (id / BUCKET, search_vector) of migration search 0006: the same expression.
BUCKET = 4096
RECENT_BUCKETS = 32
_QUERY = "CASE WHEN d.language = 'ru' THEN {fn}('russian', %s) ELSE {fn}('english', %s) END"


def _tsquery(words: list[str], any_word: bool) -> tuple[str, str, str]:
    """(match SQL, query SQL, the query text): every word (plainto_tsquery), or any word,
    joined by "|" for to_tsquery — safe, as query words are letters and digits only."""
    fn = "to_tsquery" if any_word else "plainto_tsquery"
    q = " | ".join(words) if any_word else " ".join(words)
    return _MATCH.format(fn=fn), _QUERY.format(fn=fn), q


_HEADLINE = (
    f"StartSel={text.START}, StopSel={text.STOP}, MaxWords=35, MinWords=15, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def best_objects_counted(
    words: list[str],
    scope: Scope,
    *,
    limit: int,
    offset: int,
    candidates: int,
    count_limit: int,
    any_word: bool = False,
) -> tuple[list[tuple[int, float]], int]:
    """(object id, rank) of one page, best first, among the `candidates` most recent matching
    documents (ranking reads every candidate's vector, so a common word must not rank them
    all), and the number of objects found, up to `count_limit`: one walk serves both (see
    `sql.page_and_count_sql`)."""
    where, params = scope.where()
    match, query, q = _tsquery(words, any_word)
    newest, newest_params = _newest_matches(
        f"SELECT d.object_id, ts_rank(d.search_vector, {query}) AS rank "  # noqa: S608
        f"FROM search_document d WHERE {match} AND {where}",
        [q, q, q, q, *params],
        newest_bucket=_newest_bucket() if scope.owner_id is None and scope.within is None else None,
        limit=candidates,
    )
    sql = page_and_count_sql(
        candidates=f"{newest} LIMIT %s",
        every=f"SELECT DISTINCT d.object_id FROM search_document d WHERE {match} AND {where}",  # noqa: S608
        best="MAX(c.rank)",
        order="DESC",
    )
    rows = _fetch(
        sql,
        [
            *[*newest_params, candidates],
            *[limit, offset, candidates, count_limit],
            *[q, q, *params, count_limit],
        ],
        serial=True,
    )
    page = [(int(object_id), float(best)) for object_id, best, _ in rows if object_id is not None]
    return page, min(int(rows[0][2]), count_limit)


def _newest_bucket() -> int | None:
    """The bucket of the newest document (None when there is none): read before the search, so
    that the bounds of its buckets are constants the planner can estimate (as a subquery's
    result, `id < bound` was priced at a third of the table, and the older documents of a word
    in 1% of them were read by a bitmap of three million ids: 494 ms at 1M)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) / {BUCKET} FROM search_document")  # noqa: S608
        newest = cursor.fetchone()[0]
    return None if newest is None else int(newest)


def _newest_matches(
    matching: str, params: list[Any], *, newest_bucket: int | None, limit: int
) -> tuple[str, list[Any]]:
    """`matching` (a SELECT of matching documents `d`) newest first, to be cut by a LIMIT of
    `limit`.

    With `newest_bucket`, the documents of that bucket of `BUCKET` ids and the
    `RECENT_BUCKETS - 1` before it are read bucket by bucket, newest first, each through the
    GIN index over (id / BUCKET, search_vector) (migration search 0006), then the older ones as
    before; documents added since `newest_bucket` was read are left out. Walking the primary
    key newest first instead tests every document on the way: for "платежи" at 1M requests
    42,579 of them to find 2,000 (3,706 buffers, 9–17 ms), where the buckets read 12 index
    probes and the 2,000 matches (1,375 buffers, 2.3–3.1 ms; bench/README.md, "Search by
    buckets of ids"). The LIMIT stops the reading at the bucket that completes it. Scopes
    with an owner or a `within` keep the plain walk (None): the owner's own GIN index serves
    them, and a semi-join would run once per bucket."""
    if newest_bucket is None:
        return f"{matching} ORDER BY d.id DESC", params
    oldest = max(newest_bucket - RECENT_BUCKETS + 1, 0)
    sql = (
        "SELECT r.object_id, r.rank FROM (SELECT x.object_id, x.rank FROM "  # noqa: S608
        f"generate_series(CAST({newest_bucket} AS bigint), {oldest}, -1) AS bucket "
        f"CROSS JOIN LATERAL ({matching} AND d.id / {BUCKET} = bucket ORDER BY d.id DESC) x "
        # the older ones planned as the walk was, for at most the candidates: with no LIMIT of
        # its own the planner read every match of a word in 1% of the documents by a bitmap
        f"UNION ALL SELECT * FROM ({matching} AND d.id < {oldest * BUCKET} "
        f"ORDER BY d.id DESC LIMIT {int(limit)}) older) r"
    )
    return sql, [*params, *params]


def snippets(
    words: list[str], scope: Scope, object_ids: list[int], *, any_word: bool = False
) -> dict[int, tuple[str, list[Fragment]]]:
    """Each object's best document (by ts_rank), then ts_headline on those few only.

    The documents of the page's objects (a few dozen) are read first, by their ids, and the
    match is checked on those: left to itself the planner would AND that lookup with the GIN
    index, which for a common word reads every matching document of the index (80 ms at 1M
    requests for "images upgrade", bench/README.md)."""
    where, params = scope.where()
    match, query, q = _tsquery(words, any_word)
    sql = (
        "WITH d AS MATERIALIZED (SELECT * FROM search_document "  # noqa: S608
        "WHERE kind = %s AND object_id = ANY(%s)) "
        "SELECT best.object_id, best.part, "
        f"ts_headline(best.config, best.text, best.query, %s) FROM ("
        f"SELECT DISTINCT ON (d.object_id) d.object_id, d.part, d.text, "
        f"{_CONFIG} AS config, {query} AS query FROM d "
        f"WHERE {match} AND {where} "
        # the best document with a match in its text (not only in its keywords) gives the snippet
        f"ORDER BY d.object_id, to_tsvector({_CONFIG}, d.text) @@ {query} DESC, "
        f"ts_rank(d.search_vector, {query}) DESC, d.id) best"
    )
    rows = _fetch(sql, [scope.kind, object_ids, _HEADLINE, q, q, q, q, *params, q, q, q, q])
    return {int(object_id): (part, text.fragments(marked)) for object_id, part, marked in rows}


def _fetch(sql: str, params: list[Any], *, serial: bool = False) -> list[tuple[Any, ...]]:
    """`serial`: without parallel workers. The walk of the newest matching documents stops at
    its LIMIT after a few milliseconds; two workers started for it cost more than they save,
    and under load they take the cores other requests are waiting for (1M requests:
    "платежи" 29 ms with two workers, 17 ms without, bench/README.md)."""
    if not serial:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    # in a transaction of its own, or the caller's when one is open (no savepoint for it; the
    # rest of that transaction then plans without workers too, which is harmless)
    with (
        atomic_with_settings(SERIAL, callers_too=True, savepoint=False),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
        return list(cursor.fetchall())

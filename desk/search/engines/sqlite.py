"""SQLite: FTS5 over the Snowball stems, ranked by bm25 on the stems column; snippets marked in
Python (`text.highlight`) on the best matching document of each object."""

from __future__ import annotations

from typing import Any

from django.db import connection

from desk.search import text
from desk.search.engines.sql import Scope, page_and_count_sql
from desk.search.text import Fragment

# bm25 weights (stems, owner): only the stems decide the rank. Called as a function: FTS5's
# `rank MATCH 'bm25(…)'` constraint made each rowid lookup cost 30 ms at 1M documents.
_RANK = "bm25(search_fts, 1.0, 0.0)"


def _matches(scope: Scope) -> tuple[str, list[Any]]:
    """FROM and WHERE of the documents in `scope` matching the MATCH parameter (first). CROSS JOIN
    keeps the full-text match as the outer loop: with a plain JOIN SQLite may walk every
    document of the kind and run the match once per row (20 s instead of 2 ms at 100k
    documents). A customer's scope is also in the MATCH (`text.fts5_query`'s owner), so FTS5
    intersects the words with the owner's documents: a walk that read each match's row to learn
    its owner took 0.9 s for a common word at 1M."""
    where, params = scope.where()
    sql = (
        "FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND "
    )
    return sql + where, params


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
    documents, and the number of objects found, up to `count_limit` (`sql.page_and_count_sql`);
    bm25 is lower-is-better, so it is negated."""
    matches, params = _matches(scope)
    sql = page_and_count_sql(
        candidates=f"SELECT d.object_id, {_RANK} AS rank {matches} "
        "ORDER BY search_fts.rowid DESC LIMIT %s",
        every=f"SELECT DISTINCT d.object_id {matches}",
        best="MIN(c.rank)",
        order="ASC",
    )
    match = text.fts5_query(words, any_word=any_word, owner_id=scope.owner_id)
    candidates_params = [match, *params, candidates]
    rows = _fetch(
        sql,
        [*candidates_params, limit, offset, candidates, count_limit, match, *params, count_limit],
    )
    page = [(int(object_id), -float(best)) for object_id, best, _ in rows if object_id is not None]
    return page, min(int(rows[0][2]), count_limit)


def snippets(
    words: list[str], scope: Scope, object_ids: list[int], *, any_word: bool = False
) -> dict[int, tuple[str, list[Fragment]]]:
    """Each object's best document: its part and its highlighted snippet. The documents are
    read from the objects (their key's index), each then checked against the match by its
    rowid, so FTS5 is the inner loop, not a walk of every match (1 s for "payment" at 1M). The
    best is the one whose text shows the most of the query's words (then the most marks, then
    the first written): bm25 is not asked for here, as FTS5 would count each word's documents
    again for every rowid looked up (1.5 s for 20 objects at 1M)."""
    where, params = scope.where()
    marks = ", ".join(["%s"] * len(object_ids))
    sql = (
        "SELECT d.object_id, d.part, d.text FROM search_document d "  # noqa: S608 - placeholders
        "CROSS JOIN search_fts ON search_fts.rowid = d.id "
        f"WHERE search_fts MATCH %s AND {where} AND d.object_id IN ({marks}) ORDER BY d.id"
    )
    best: dict[int, tuple[tuple[int, int], str, str]] = {}
    for object_id, part, original in _fetch(
        sql,
        [
            text.fts5_query(words, any_word=any_word, owner_id=scope.owner_id),
            *params,
            *object_ids,
        ],
    ):
        marked = text.highlight(original, words)
        shown = text.marked_words(marked)
        score = (len(set(shown)), len(shown))
        if object_id not in best or score > best[object_id][0]:
            best[int(object_id)] = (score, part, marked)
    return {key: (part, text.fragments(marked)) for key, (_, part, marked) in best.items()}


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())

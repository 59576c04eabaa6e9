"""SQLite: FTS5 over the Snowball stems, ranked by bm25 on the stems column, snippets from
highlight() on the folded text (mapped back to the original characters)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from desk.search import text
from desk.search.engines.sql import Scope, page_and_count_sql
from desk.search.text import Fragment

# bm25 weights (body, stems): only the stems decide the rank; the body is there to highlight.
# CROSS JOIN keeps the full-text match as the outer loop: with a plain JOIN SQLite may walk every
# document of the kind and run the match once per row (20 s instead of 2 ms at 100k documents).
_FROM = (
    "FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid "
    "WHERE search_fts MATCH %s AND search_fts.rank MATCH 'bm25(0.0, 1.0)' AND "
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
    documents, and the number of objects found, up to `count_limit` (`sql.page_and_count_sql`);
    bm25 is lower-is-better, so it is negated."""
    where, params = scope.where()
    sql = page_and_count_sql(
        candidates=f"SELECT d.object_id, search_fts.rank AS rank {_FROM}{where} "
        "ORDER BY search_fts.rowid DESC LIMIT %s",
        every=f"SELECT DISTINCT d.object_id {_FROM}{where}",
        best="MIN(c.rank)",
        order="ASC",
    )
    match = text.fts5_query(words, any_word=any_word)
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
    """Each object's best document: its part and its highlighted snippet."""
    where, params = scope.where()
    marks = ", ".join(["%s"] * len(object_ids))
    sql = (
        "SELECT d.object_id, d.part, d.text, "
        f"highlight(search_fts, 0, char(2), char(3)) {_FROM}{where} "
        f"AND d.object_id IN ({marks}) ORDER BY search_fts.rank, d.id"
    )
    found: dict[int, tuple[str, list[Fragment]]] = {}
    shown: set[int] = set()  # objects whose snippet has a highlighted word
    for object_id, part, original, marked in _fetch(
        sql, [text.fts5_query(words, any_word=any_word), *params, *object_ids]
    ):
        # The best document with a match in its text (not only in its keywords) gives the snippet.
        if object_id in shown:
            continue
        if text.START in marked or object_id not in found:
            found[int(object_id)] = (part, text.fragments(text.restore(marked, original)))
            if text.START in marked:
                shown.add(object_id)
    return found


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())

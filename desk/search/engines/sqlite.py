"""SQLite: FTS5 over the Snowball stems, ranked by bm25 on the stems column, snippets from
highlight() on the folded text (mapped back to the original characters)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from desk.search import text
from desk.search.engines.sql import Scope
from desk.search.text import Fragment

# bm25 weights (body, stems): only the stems decide the rank; the body is there to highlight.
# CROSS JOIN keeps the full-text match as the outer loop: with a plain JOIN SQLite may walk every
# document of the kind and run the match once per row (20 s instead of 2 ms at 100k documents).
_FROM = (
    "FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid "
    "WHERE search_fts MATCH %s AND search_fts.rank MATCH 'bm25(0.0, 1.0)' AND "
)


def best_objects(
    words: list[str],
    scope: Scope,
    *,
    limit: int,
    offset: int,
    candidates: int,
    any_word: bool = False,
) -> list[tuple[int, float]]:
    """(object id, rank) of one page, best first, among the `candidates` most recent matching
    documents; bm25 is lower-is-better, so it is negated."""
    where, params = scope.where()
    sql = (
        "SELECT object_id, MIN(rank) AS best FROM ("  # noqa: S608
        f"SELECT d.object_id, search_fts.rank AS rank {_FROM}{where} "
        "ORDER BY search_fts.rowid DESC LIMIT %s) "
        "GROUP BY object_id ORDER BY best, object_id DESC LIMIT %s OFFSET %s"
    )
    rows = _fetch(
        sql, [text.fts5_query(words, any_word=any_word), *params, candidates, limit, offset]
    )
    return [(int(object_id), -float(best)) for object_id, best in rows]


def count_objects(words: list[str], scope: Scope, *, limit: int, any_word: bool = False) -> int:
    where, params = scope.where()
    sql = f"SELECT COUNT(*) FROM (SELECT DISTINCT d.object_id {_FROM}{where} LIMIT %s)"  # noqa: S608
    return int(_fetch(sql, [text.fts5_query(words, any_word=any_word), *params, limit])[0][0])


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

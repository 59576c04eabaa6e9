"""PostgreSQL: the newest matching documents are read bucket by bucket of ids through the GIN
index over (id / BUCKET, search_vector), then the older ones; the candidates are the same
documents the newest-first walk found: the newest matches, whatever buckets they fall in."""

from __future__ import annotations

import pytest
from django.db import connection

from desk.search import selectors, services
from desk.search.engines import postgres
from desk.search.engines.sql import Scope
from desk.search.models import Visibility
from desk.search.services import Document

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
BUCKET = postgres.BUCKET
NEWEST = 100  # the newest document's bucket: buckets 100..69 are read one by one
OLDEST_RECENT = NEWEST - postgres.RECENT_BUCKETS + 1
ENGINEER = Scope(kind="article", owner_id=None, signed_in=False, include_internal=True, within=None)


def _add_at(first_id: int, object_id: int, text: str) -> None:
    """One document with the id `first_id` (the next ones follow it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('search_document', 'id'), %s, false)",
            [first_id],
        )
    services.add_documents(
        [
            Document(
                kind="article",
                object_id=object_id,
                part="body",
                owner_id=None,
                visibility=Visibility.PUBLIC,
                language="en",
                text=text,
            )
        ]
    )


@pytest.fixture
def spread() -> list[int]:
    """Matching documents (one object each) in the newest bucket, in buckets further back, at
    both edges of the buckets read one by one, and older; a document that does not match
    beside each. Returns the objects newest first."""
    places = [
        1,  # the oldest
        (OLDEST_RECENT - 1) * BUCKET + BUCKET - 1,  # the last id before the recent buckets
        OLDEST_RECENT * BUCKET,  # the first id of the oldest recent bucket
        (OLDEST_RECENT + 5) * BUCKET + 17,
        (NEWEST - 1) * BUCKET + 3,
        NEWEST * BUCKET + 2,
        NEWEST * BUCKET + 40,  # the newest
    ]
    for number, place in enumerate(places, start=1):
        _add_at(place, object_id=number, text=f"quartz crystal number {number}")
        _add_at(place + 1000 if place > 1 else place + 1, object_id=100 + number, text="granite")
    return list(range(len(places), 0, -1))


@pytest.mark.parametrize("candidates", [1, 2, 3, 4, 5, 6, 7, 8, 20])
def test_the_candidates_are_the_newest_matches_across_buckets_and_older_documents(
    spread: list[int], candidates: int
) -> None:
    # when the page is ranked among the newest `candidates` matching documents
    page, total = postgres.best_objects_counted(
        ["quartz"], ENGINEER, limit=50, offset=0, candidates=candidates, count_limit=1001
    )
    # then those are exactly the newest ones, and every match is counted
    assert {object_id for object_id, _ in page} == set(spread[:candidates])
    assert total == len(spread)


def test_a_search_finds_the_newest_matches_first_with_the_count_of_all(
    spread: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a page of one ranked among the newest four matching documents
    monkeypatch.setattr(selectors, "MIN_CANDIDATES", 4)
    # when
    results = selectors.search(
        kind="article", query="quartz crystal", include_internal=True, limit=1
    )
    # then the hit is one of them, and the count covers the older ones too
    assert results.hits[0].object_id in spread[:4]
    assert (results.total, results.total_is_exact) == (len(spread), True)


def test_the_index_is_over_the_engines_bucket() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_recent_vector_idx'"
        )
        (definition,) = cursor.fetchone()
    assert f"gin (((id / {BUCKET})), search_vector)" in definition


def test_each_bucket_is_read_through_the_index_by_bucket_and_words() -> None:
    # given documents (a table this small would be read sequentially, by kind or by the words
    # alone: those are priced out or dropped in the test's transaction)
    services.add_documents(
        [
            Document("article", n, "body", None, Visibility.PUBLIC, "en", f"quartz {n}")
            for n in range(1, 30)
        ]
    )
    sql, params = postgres._newest_matches(
        "SELECT d.object_id, 1 AS rank FROM search_document d "
        "WHERE d.search_vector @@ plainto_tsquery('english', %s) AND d.kind = %s",
        ["quartz", "article"],
        newest_bucket=postgres._newest_bucket(),
        limit=5,
    )
    # when the newest matches are planned
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER may run
        cursor.execute(
            "ALTER TABLE search_document DROP CONSTRAINT search_document_part_unique; "
            "DROP INDEX search_document_owner_vector_idx, search_document_owner_idx"
        )
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql} LIMIT 5", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # then the bucket (a bigint, as btree_gin wants it) and the words are both index conditions
    assert "Bitmap Index Scan on search_document_recent_vector_idx" in plan, plan
    assert f"Index Cond: (((id / {BUCKET}) = bucket.bucket) AND (search_vector @@" in plan, plan

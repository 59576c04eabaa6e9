"""PostgreSQL: every GIN index of the search documents writes new documents into the index at
once (`fastupdate = off`, migration search 0007): a pending list made each search read the
documents added since the last vacuum, unsorted (1M: console search p95 98.7 ms right after a
burst of creations, 41.5 ms without it)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def test_every_gin_index_of_the_documents_has_no_pending_list() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_document' "
            "AND indexdef LIKE '%%USING gin%%'"
        )
        found = dict(cursor.fetchall())
    options = importlib.import_module("desk.search.migrations.0007_gin_without_pending_list")
    dropped = importlib.import_module("desk.search.migrations.0008_without_unread_indexes")
    assert set(found) == set(options.INDEXES) - {dropped.VECTOR_INDEX}
    for name, definition in found.items():
        assert "WITH (fastupdate=off)" in definition, name

"""PostgreSQL, large loads: the search GIN indexes dropped while the documents go in are all
there again afterwards, built by the migrations' own statements."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from desk.seed import loader

pytestmark = [
    # committed as the loader commits (CREATE INDEX refuses a transaction with pending checks)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
INDEXES = {
    "search_document_owner_vector_idx": "gin (owner_id, search_vector)",
    "search_document_recent_vector_idx": "gin (((id / 4096)), search_vector)",
}


def _search_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(INDEXES)]
        )
        return {str(name): str(definition) for name, definition in cursor.fetchall()}


def test_the_loader_rebuilds_every_gin_index_of_the_search_documents() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_document' "
            "AND indexdef LIKE '%%USING gin%%'"
        )
        gin = {name for (name,) in cursor.fetchall()}
    assert gin == set(loader.search_index_statements())


def test_a_large_load_builds_every_search_index_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a load counted as large (its indexes are dropped and built again)
    monkeypatch.setattr(loader, "REBUILD_SEARCH_INDEX_FROM", 1)
    # when
    call_command("seed_load", requests=20, stdout=StringIO())
    # then
    built = _search_indexes()
    assert set(built) == set(INDEXES)
    for name, definition in INDEXES.items():
        assert definition in built[name], built[name]
        # and without a pending list, as the migrations leave them (search 0007)
        assert "WITH (fastupdate=off)" in built[name], built[name]

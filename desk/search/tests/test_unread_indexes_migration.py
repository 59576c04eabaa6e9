"""Migration search 0008 drops the two indexes of the documents no query read (the foreign key's
b-tree over owner_id, and on PostgreSQL the vector-only GIN index) without rebuilding the table,
and builds them again backwards; a customer's search finds the same documents either way."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from desk.search import selectors, services
from desk.search.models import Visibility
from desk.search.services import Document
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

pytestmark = [
    # transactional (a migration), and the seeded rows put back for the tests that follow
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]

BEFORE = [("search", "0007_gin_without_pending_list")]
KEPT = {"search_document_owner_idx"}
DROPPED = {"search_document_owner_id_db73e0f7"}
if connection.vendor == "postgresql":
    KEPT |= {"search_document_owner_vector_idx", "search_document_recent_vector_idx"}
    DROPPED |= {"search_document_vector_idx"}


def _migrate(target: list[tuple[str, str]] | None = None) -> None:
    """To `target`, or to every app's latest migration (None): the tests that follow expect the
    latest schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "search_document"))


def _found(owner_id: int) -> list[int]:
    return [
        h.object_id
        for h in selectors.search(kind="article", query="refund", owner_id=owner_id).hits
    ]


def test_the_indexes_go_and_come_back_and_the_search_finds_the_same(alice) -> None:
    # given a document of Alice's
    services.index_documents(
        [Document("article", 7, "body", alice.pk, Visibility.CUSTOMER, "en", "Refund please")]
    )
    # then the migrated database has neither index, and keeps the ones that serve their reads
    assert _indexes() & (KEPT | DROPPED) == KEPT
    try:
        # when the migration is undone
        _migrate(BEFORE)
        # then both indexes are there again, and her search finds the same document
        assert _indexes() & (KEPT | DROPPED) == KEPT | DROPPED
        assert _found(alice.pk) == [7]
    finally:
        # and when it is applied again
        _migrate()
    assert _indexes() & (KEPT | DROPPED) == KEPT
    assert _found(alice.pk) == [7]

"""SQLite's FTS table is rebuilt with an `owner` column (migration search 0006): a customer's
search finds their readable documents through it, not their internal notes; backwards, the
folded text comes back as highlight() read it."""

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
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only"
    ),
]

BEFORE = [("search", "0004_owner_vector_index")]


def _migrate(target: list[tuple[str, str]] | None = None) -> None:
    """To `target`, or to every app's latest migration (None): the tests that follow expect the
    latest schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


def _rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM search_fts ORDER BY rowid")
        return cursor.fetchall()


def _doc(object_id, text, visibility, owner=None):
    return Document(
        kind="article",
        object_id=object_id,
        part="body",
        owner_id=owner,
        visibility=visibility,
        language="ru",
        text=text,
        keywords="",
    )


def test_the_table_is_rebuilt_both_ways_and_owners_find_their_documents(alice, bob):
    # given a document of Alice's, her request's internal note and a public article
    services.index_documents(
        [
            _doc(1, "Платёж не прошёл", Visibility.CUSTOMER, alice.pk),
            _doc(2, "Платёж: внутренняя заметка", Visibility.ENGINEER, alice.pk),
            _doc(3, "Платёж в статье", Visibility.PUBLIC),
        ]
    )
    try:
        # when the migration is undone
        _migrate(BEFORE)
        # then the folded text is back beside the stems
        assert [row[0] for row in _rows()] == [
            "Платеж не прошел",
            "Платеж: внутренняя заметка",
            "Платеж в статье",
        ]
    finally:
        # and when it is applied again (with the later ones)
        _migrate()
    # then each row holds its stems and the owner's token where the owner may read it
    rows = _rows()
    assert [row[1] for row in rows] == [f"o{alice.pk}", "", ""]
    assert all("платеж" in row[0] for row in rows)
    # and Alice finds her document, not the note; Bob finds nothing; engineers find all three
    assert [
        h.object_id
        for h in selectors.search(kind="article", query="платежи", owner_id=alice.pk).hits
    ] == [1]
    assert selectors.search(kind="article", query="платежи", owner_id=bob.pk).hits == []
    everything = selectors.search(kind="article", query="платежи", include_internal=True)
    assert sorted(h.object_id for h in everything.hits) == [1, 2, 3]

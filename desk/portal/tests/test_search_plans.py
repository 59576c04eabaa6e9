"""PostgreSQL: the customer's search of their own requests starts from the (owner_id,
search_vector) GIN index with both columns in its condition, in the query that reads the index
(the page with the count), so its cost follows the customer's matching documents, not their
documents or everyone's matches (1M requests: bench/README.md, "Portal search scope").

A table this small would be read sequentially, through her few requests one by one, in id order,
by the owner b-tree or by the words alone (their estimates beat the two-column GIN index's until
there are thousands of documents); the plan is taken with those priced out or dropped (in the
test's transaction), so bitmap scans remain: what is asserted
is that the GIN index holds both of the query's conditions, which is what the planner picks at
scale (`python -m bench.search_plans`). With the owner compared as an integer it would not:
btree_gin's `=` is bigint = bigint only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.search import services as search_services
from desk.search.models import Visibility
from desk.search.services import Document

pytestmark = [
    pytest.mark.usefixtures("media_root"),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
INDEX = "search_document_owner_vector_idx"


def _documents(owner_id: int, text: str, first: int, count: int) -> list[Document]:
    return [
        Document(
            kind="request",
            object_id=first + n,
            part="request",
            owner_id=owner_id,
            visibility=Visibility.CUSTOMER,
            language="en",
            text=text,
        )
        for n in range(count)
    ]


def _plan(sql: str) -> str:
    settings = ("enable_seqscan", "enable_nestloop", "enable_indexscan")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_document_owner_idx, search_document_recent_vector_idx")
        for name in settings:
            cursor.execute(f"SET {name} = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for name in settings:
                cursor.execute(f"RESET {name}")


def test_portal_search_reads_the_customers_matching_documents_by_the_owner_index(alice, bob):
    # given her documents with and without the word, and Bob's with it
    search_services.add_documents(
        [
            *_documents(alice.pk, "theme colours", 2_000_000, 30),
            *_documents(alice.pk, "refund of a payment", 3_000_000, 3),
            *_documents(bob.pk, "checkout payment failed", 1_000_000, 30),
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
    portal = Client()
    portal.force_login(alice)
    # when Alice searches her requests
    with CaptureQueriesContext(connection) as captured:
        response = portal.get(reverse("portal:ticket_search"), {"q": "payment"})
    assert response.status_code == 200
    # then the one query that reads the index (the page with its count; snippets read the
    # page's documents by object id) reads it through the owner index, by owner and words
    reading = [
        query["sql"]
        for query in captured.captured_queries
        if "search_vector @@" in query["sql"] and "object_id = ANY" not in query["sql"]
    ]
    assert len(reading) == 1, reading
    plan = _plan(reading[0])
    lines = plan.splitlines()
    assert "Seq Scan on search_document" not in plan, plan
    assert not [line for line in lines if "using search_document" in line], plan
    index_scans = [n for n, line in enumerate(lines) if "Bitmap Index Scan on search_doc" in line]
    assert index_scans, plan
    for n in index_scans:
        assert INDEX in lines[n], plan
        assert "owner_id = " in lines[n + 1], plan
        assert "search_vector @@" in lines[n + 1], plan

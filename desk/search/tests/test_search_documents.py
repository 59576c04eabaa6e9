"""The generic index: stemming in both languages, ranking, snippets, visibility, bad queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.core.errors import DeskError
from desk.search import selectors, services, text
from desk.search.engines import postgres
from desk.search.models import SearchDocument, Visibility
from desk.search.services import Document
from desk.search.text import START, STOP, Fragment

pytestmark = pytest.mark.django_db


def doc(
    object_id,
    text,
    *,
    part="body",
    owner=None,
    visibility=Visibility.PUBLIC,
    language="en",
    keywords="",
):
    return Document(
        kind="article",
        object_id=object_id,
        part=part,
        owner_id=owner,
        visibility=visibility,
        language=language,
        text=text,
        keywords=keywords,
    )


def found(query, **scope):
    return [hit.object_id for hit in selectors.search(kind="article", query=query, **scope).hits]


def marked(hit):
    return [f.text for f in hit.snippet if f.is_match]


def test_russian_plural_finds_the_singular_with_yo():
    # given a Russian document that says "платёж" (with ё)
    services.index_documents([doc(1, "Платёж не прошёл вчера вечером", language="ru")])
    services.index_documents([doc(2, "Доставка задерживается", language="ru")])
    # when searching for the plural, written with е
    results = selectors.search(kind="article", query="платежи")
    # then the document is found and the word is highlighted as written
    assert [hit.object_id for hit in results.hits] == [1]
    assert marked(results.hits[0]) == ["Платёж"]
    assert results.total == 1
    assert results.total_is_exact


def test_english_stemming_both_ways():
    services.index_documents([doc(1, "Payments are failing at checkout")])
    services.index_documents([doc(2, "The cart page is slow")])
    assert found("payment failed") == [1]
    assert found("PAYMENT") == [1]
    assert found("car") == []  # a stem, not a prefix: "cart" is another word


def test_every_word_must_match():
    services.index_documents([doc(1, "refund for the payment"), doc(2, "payment received")])
    assert found("payment refund") == [1]
    assert sorted(found("payment")) == [1, 2]


def test_best_match_ranks_first_and_one_hit_per_object():
    services.index_documents(
        [
            doc(1, "A long text about many things, one of which is an invoice", part="a"),
            doc(2, "invoice invoice invoice: the invoice is wrong", part="a"),
            doc(2, "another invoice part", part="b"),
        ]
    )
    results = selectors.search(kind="article", query="invoice")
    assert [hit.object_id for hit in results.hits] == [2, 1]
    assert results.hits[0].rank > results.hits[1].rank
    assert results.hits[0].part == "a"
    assert results.total == 2


def test_keywords_match_but_are_not_shown():
    services.index_documents([doc(1, "Order question", keywords="alice example com")])
    results = selectors.search(kind="article", query="alice")
    assert [hit.object_id for hit in results.hits] == [1]
    assert "alice" not in "".join(f.text for f in results.hits[0].snippet)


def test_snippet_cannot_carry_markup_or_fake_highlights():
    # given a document full of HTML and the marker characters themselves
    evil = f"<script>alert(1)</script> {START}boom{STOP} <b>invoice</b> &amp; more"
    services.index_documents([doc(1, evil)])
    hit = selectors.search(kind="article", query="invoice").hits[0]
    # then the snippet is plain text fragments (templates escape them): markers are gone and
    # only the matching word is a match
    assert marked(hit) == ["invoice"]
    assert all(START not in f.text and STOP not in f.text for f in hit.snippet)
    # (PostgreSQL's headline leaves tags out; SQLite keeps them: the page escapes them)
    shown = " ".join(text.clean(evil).split())
    assert all(f.text.strip(" …") in shown for f in hit.snippet)
    assert found("boom") == [1]


def test_long_text_is_cut_around_the_match():
    text = " ".join(["filler"] * 300) + " the webhook timed out " + " ".join(["tail"] * 300)
    services.index_documents([doc(1, text)])
    hit = selectors.search(kind="article", query="webhook").hits[0]
    shown = "".join(f.text for f in hit.snippet)
    assert len(shown) < 400
    assert hit.snippet[0] == Fragment("…", is_match=False)
    assert marked(hit) == ["webhook"]


def test_each_reader_searches_one_set_of_documents(alice, bob):
    services.index_documents(
        [
            doc(1, "printer jam", owner=None, visibility=Visibility.PUBLIC),
            doc(2, "printer jam", owner=alice.pk, visibility=Visibility.CUSTOMER),
            doc(3, "printer jam", owner=bob.pk, visibility=Visibility.CUSTOMER),
            doc(4, "printer jam", owner=alice.pk, visibility=Visibility.ENGINEER),
            doc(5, "printer jam", owner=None, visibility=Visibility.CUSTOMERS),
        ]
    )
    assert found("printer") == [1]  # no audience: public only
    assert sorted(found("printer", signed_in=True)) == [1, 5]
    # a customer's own documents: not another customer's, not the shared ones
    assert found("printer", owner_id=alice.pk) == [2]
    assert found("printer", owner_id=bob.pk) == [3]
    assert found("printer", owner_id=bob.pk, signed_in=True) == [3]
    # a customer never gets internal documents, even when asking for them
    assert found("printer", owner_id=alice.pk, include_internal=True) == [2]
    assert sorted(found("printer", include_internal=True)) == [1, 2, 3, 4, 5]


def test_replacing_and_removing_keep_the_index_in_step():
    services.index_documents([doc(1, "old words here", part="a")])
    services.index_documents([doc(1, "new words here", part="a")])
    assert found("old") == []
    assert found("new") == [1]
    services.replace_objects("article", [1], [doc(1, "replaced entirely", part="b")])
    assert found("new") == []
    assert found("replaced") == [1]
    services.remove_objects("article", [1])
    assert found("replaced") == []
    assert SearchDocument.objects.count() == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "search_query_empty"),
        ("   ", "search_query_empty"),
        (None, "search_query_empty"),
        ("!!! ??? ***", "search_query_empty"),
        ("x" * 201, "search_query_too_long"),
        (" ".join(f"w{i}" for i in range(13)), "search_query_too_many_words"),
    ],
)
def test_bad_queries_are_refused_with_a_code(query, code):
    with pytest.raises(DeskError) as refused:
        selectors.search(kind="article", query=query)
    assert refused.value.code == code
    assert refused.value.status == 400


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "a AND OR NOT",
        "col:value",
        "NEAR(a b)",
        "x*",
        "'; DROP TABLE x; --",
        "a|b&!c",
    ],
)
def test_query_syntax_characters_are_just_words(query):
    services.index_documents([doc(1, "a value of x near b and c")])
    selectors.search(kind="article", query=query)  # no error from the database


def test_query_count_does_not_grow_with_documents():
    services.index_documents([doc(i, f"shipping label number {i}") for i in range(1, 61)])
    with CaptureQueriesContext(connection) as queries:
        results = selectors.search(kind="article", query="shipping labels", limit=20)
    assert len(results.hits) == 20
    assert results.total == 60
    statements = [query["sql"] for query in queries]
    if connection.vendor == "postgresql":
        # the newest document's bucket of ids is read first (its bounds become constants), and
        # the walk of the newest matches runs without parallel workers
        assert statements[0] == f"SELECT MAX(id) / {postgres.BUCKET} FROM search_document"  # noqa: S608
        walk = next(i for i, sql in enumerate(statements) if "ts_rank" in sql)
        assert statements[walk - 1].startswith("SELECT set_config(")
        assert "max_parallel_workers_per_gather" in statements[walk - 1]
        assert len([sql for sql in statements if "search_document" in sql]) == 3
        assert len(statements) == 4
    else:
        assert len([sql for sql in statements if "search_document" in sql]) == 2
        assert len(statements) == 2


def test_common_words_are_ranked_among_the_most_recent_matches(monkeypatch):
    # given the best match is the oldest of six, and ranking looks at four candidates
    monkeypatch.setattr(selectors, "MIN_CANDIDATES", 4)
    services.index_documents([doc(1, "crash crash crash crash crash")])
    services.index_documents([doc(n, f"one crash among other words {n}") for n in range(2, 7)])
    # when
    results = selectors.search(kind="article", query="crash", limit=1)
    # then the hit comes from the four most recent, and the count still covers all six
    assert results.hits[0].object_id in {3, 4, 5, 6}
    assert results.total == 6
    # and with room for every match, the best one ranks first
    monkeypatch.setattr(selectors, "MIN_CANDIDATES", 100)
    assert selectors.search(kind="article", query="crash", limit=1).hits[0].object_id == 1


def test_the_snippet_comes_from_the_document_that_shows_the_query():
    # given an object with three matching documents: one matching by its keywords only, one
    # showing one word of the query three times, one showing both words
    services.index_documents(
        [
            doc(1, "Order 1042", part="title", keywords="payment refund"),
            doc(1, "Payment, payment, payment: see the card", part="message:7", keywords="refund"),
            doc(1, "Please refund the second payment", part="message:8"),
        ]
    )
    # when searching for both words
    (hit,) = selectors.search(kind="article", query="payment refund").hits
    # then the snippet is the document that shows both, with both marked
    assert hit.part == "message:8"
    assert marked(hit) == ["refund", "payment"]

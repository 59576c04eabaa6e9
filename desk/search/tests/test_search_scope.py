"""A customer's search reads their own documents only: never another customer's words, never an
internal note, whatever the words (a property over random documents of two customers); and the
count of what was found is exact up to the bound, however the matches spread over objects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.search import selectors, services
from desk.search.models import Visibility
from desk.search.services import Document

pytestmark = pytest.mark.django_db

# Words whose stems differ from each other's in both languages' stemmers (no ё: PostgreSQL does not
# fold it in a document of the other language, a limit of its own, not of access).
VOCABULARY = ("zebra", "cobalt", "kettle", "orbit", "violet", "платеж", "склад", "ключ")
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Part:
    object_id: int
    owner: str  # "alice" or "bob"
    is_note: bool
    words: tuple[str, ...]
    language: str


def parts() -> st.SearchStrategy[list[Part]]:
    part = st.builds(
        Part,
        object_id=st.integers(1, 6),
        owner=st.sampled_from(["alice", "bob"]),
        is_note=st.booleans(),
        words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(tuple),
        language=st.sampled_from(["en", "ru"]),
    )
    return st.lists(part, max_size=14)


def _documents(drawn: list[Part], owners: dict[str, int]) -> tuple[list[Document], dict[int, str]]:
    """Documents of the drawn parts (an object belongs to the owner of its first part, as a
    request belongs to its customer), and each object's owner."""
    owner_of: dict[int, str] = {}
    documents = []
    for number, part in enumerate(drawn):
        owner = owner_of.setdefault(part.object_id, part.owner)
        documents.append(
            Document(
                kind="request",
                object_id=part.object_id,
                part=f"message:{number}",
                owner_id=owners[owner],
                visibility=Visibility.ENGINEER if part.is_note else Visibility.CUSTOMER,
                language=part.language,
                text=" ".join(part.words),
            )
        )
    return documents, owner_of


@PROPERTY
@given(drawn=parts(), query=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=2))
def test_customer_finds_exactly_their_own_public_words(alice, bob, drawn, query):
    owners = {"alice": alice.pk, "bob": bob.pk}
    with transaction.atomic():
        # given requests of two customers, with messages and internal notes of random words
        documents, owner_of = _documents(drawn, owners)
        services.add_documents(documents)
        for name, owner_id in owners.items():
            # when one customer searches
            results = selectors.search(kind="request", query=" ".join(query), owner_id=owner_id)
            # then they find exactly their objects with a non-note document holding every word
            visible = [
                d
                for d in documents
                if d.owner_id == owner_id and d.visibility != Visibility.ENGINEER
            ]
            expected = {d.object_id for d in visible if set(query) <= set(d.text.split())}
            assert {hit.object_id for hit in results.hits} == expected, name
            assert all(owner_of[hit.object_id] == name for hit in results.hits)
            assert (results.total, results.total_is_exact) == (len(expected), True)
            # and each snippet is from one of their own visible documents of that object
            for hit in results.hits:
                shown = "".join(f.text for f in hit.snippet).strip(" …")
                own = [d.text for d in visible if d.object_id == hit.object_id]
                assert any(shown in text for text in own), (shown, own)
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("objects", "documents_each", "total", "is_exact"),
    [
        (2, 1, 2, True),  # fewer matches than candidates: all of them counted
        (10, 1, 4, False),  # the candidates hold more objects than the bound
        (3, 10, 3, True),  # the candidates are of one object: every match counted
        (5, 10, 4, False),  # the same, with more objects than the bound
    ],
)
def test_count_is_exact_up_to_the_bound_however_documents_spread(
    monkeypatch, objects, documents_each, total, is_exact
):
    # given a bound of 3 (so at most 4 are counted), pages ranked among the 8 most recent
    # matching documents, and objects of one or many matching documents
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    monkeypatch.setattr(selectors, "MIN_CANDIDATES", 8)
    services.add_documents(
        [
            Document(
                kind="article",
                object_id=object_id,
                part=f"part:{number}",
                owner_id=None,
                visibility=Visibility.PUBLIC,
                language="en",
                text=f"quartz part {number}",
            )
            for object_id in range(1, objects + 1)  # one object's documents side by side
            for number in range(documents_each)
        ]
    )
    # when
    results = selectors.search(kind="article", query="quartz", limit=1)
    # then
    assert (results.total, results.total_is_exact) == (total, is_exact)


@pytest.mark.parametrize("searcher", ["alice", "bob"])
def test_the_owner_rule_is_one_rule_for_every_visibility(alice, bob, searcher):
    # given: a document of every visibility for each customer and for no one, all holding the
    # word (the owner's rule lives in `Scope.where` for the SQL, in `services.fts_values` for
    # SQLite's owner token, and in migration search 0005's rebuild: a new visibility must agree
    # in all of them)
    owners = {"alice": alice.pk, "bob": bob.pk, "nobody": None}
    documents = [
        Document(
            kind="request",
            object_id=number,
            part="request",
            owner_id=owner_id,
            visibility=visibility,
            language="en",
            text="zebra",
        )
        for number, (owner_id, visibility) in enumerate(
            ((owner_id, visibility) for owner_id in owners.values() for visibility in Visibility),
            start=1,
        )
    ]
    services.add_documents(documents)

    # when: one customer searches their own
    results = selectors.search(kind="request", query="zebra", owner_id=owners[searcher])

    # then: exactly their documents that customers may read, on both engines
    expected = {
        d.object_id
        for d in documents
        if d.owner_id == owners[searcher] and d.visibility == Visibility.CUSTOMER
    }
    assert {hit.object_id for hit in results.hits} == expected
    assert len(expected) == 1

"""Every write to the search index. Domain apps build `Document`s from their objects and call
these in the same transaction as the change they index, so the index never lags the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from desk.core import clock
from desk.search import text
from desk.search.models import SearchDocument, Visibility

BATCH = 500


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable piece of an object. `part` names the piece within the object
    ("request", "message:12"); `keywords` are matched but never shown in a snippet."""

    kind: str
    object_id: int
    part: str
    owner_id: int | None
    visibility: Visibility
    language: str
    text: str
    keywords: str = ""


def index_documents(documents: Sequence[Document]) -> None:
    """Add the documents, each replacing the stored one of the same kind, object and part."""
    if not documents:
        return
    same = Q()
    for document in documents:
        same |= Q(kind=document.kind, object_id=document.object_id, part=document.part)
    SearchDocument.objects.filter(same).delete()
    _insert(documents)


def add_documents(documents: Sequence[Document]) -> None:
    """Add documents of a part that is new (a request or message created in this
    transaction): nothing to replace, so no delete first."""
    _insert(documents)


def replace_objects(kind: str, object_ids: Iterable[int], documents: Sequence[Document]) -> None:
    """Make `documents` the whole index of these objects: their other documents go."""
    ids = list(object_ids)
    for start in range(0, len(ids), BATCH):
        remove_objects(kind, ids[start : start + BATCH])
    _insert(documents)


def remove_objects(kind: str, object_ids: Iterable[int]) -> int:
    """Remove every document of these objects (the SQLite trigger drops their FTS rows)."""
    deleted, _ = SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
    return deleted


def clear_kind(kind: str) -> int:
    deleted, _ = SearchDocument.objects.filter(kind=kind).delete()
    return deleted


def _insert(documents: Sequence[Document]) -> None:
    now = clock.now()
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        rows = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    kind=d.kind,
                    object_id=d.object_id,
                    part=d.part,
                    owner_id=d.owner_id,
                    visibility=d.visibility,
                    language=d.language,
                    text=text.clean(d.text),
                    keywords=text.clean(d.keywords),
                    indexed_at=now,
                )
                for d in batch
            ]
        )
        if connection.vendor == "sqlite":
            _insert_fts(rows)


def _insert_fts(rows: Sequence[SearchDocument]) -> None:
    """SQLite: the FTS row beside each document (`fts_values`), rowid = document."""
    with connection.cursor() as cursor:
        cursor.executemany(
            FTS_INSERT,
            [fts_values(r.pk, r.text, r.keywords, r.owner_id, r.visibility) for r in rows],
        )


FTS_INSERT = "INSERT INTO search_fts (rowid, stems, owner) VALUES (%s, %s, %s)"


def fts_values(
    pk: int, text_: str, keywords: str, owner_id: int | None, visibility: str
) -> tuple[int, str, str]:
    """SQLite's FTS row of a document: its Snowball stems (what words match), and the owner's
    token (`text.owner_token`) when the owner may read it, so that a customer's search is an
    intersection inside the index rather than a walk of every match (`engines.sqlite`)."""
    owner = text.owner_token(owner_id) if owner_id and visibility == Visibility.CUSTOMER else ""
    return pk, text.stems(f"{text_} {keywords}"), owner

"""The search index: one row per searchable piece of text, of any kind of object.

A kind of object (requests now, knowledge-base articles later) is indexed as documents: each has
the object's id, the `part` of the object it holds ("request", "message:12"), the customer who
owns it, who may see it and its language. The full-text structures live beside this table and are
created by the migrations for each database: on PostgreSQL a generated `search_vector` tsvector
column (per-language configuration) in two-column GIN indexes (with the owner, and with buckets
of ids: no index of the vector alone, migration 0008), on SQLite the FTS5 table `search_fts`
(rowid = document id) that `desk.search.services` writes with the stems.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from desk.core import clock


class Visibility(models.TextChoices):
    PUBLIC = "public", "public"  # anyone, visitors too (knowledge base)
    CUSTOMERS = "customers", "customers"  # anyone signed in (customers-only articles)
    CUSTOMER = "customer", "customer"  # the owner customer and engineers
    ENGINEER = "engineer", "engineer"  # engineers only (internal notes)


class SearchDocument(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    part = models.CharField(max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        # `search_document_owner_idx` (owner, kind) serves every read by owner (migration 0008)
        db_index=False,
    )
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    language = models.CharField(max_length=2)
    # Shown in snippets and matched.
    text = models.TextField()
    # Matched but never shown: the words of an email address or URL, say.
    keywords = models.TextField(blank=True)
    indexed_at = models.DateTimeField(default=clock.now)

    class Meta:
        db_table = "search_document"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "part"], name="search_document_part_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "kind"], name="search_document_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.part}"

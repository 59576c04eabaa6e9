"""PostgreSQL: a GIN index over (id / 4096, search_vector), so a search reads the newest matching
documents bucket by bucket of 4,096 ids (`desk.search.engines.postgres._newest_matches`) instead
of testing every document newest first (1M requests: "платежи" tested 42,579 documents to find
2,000; bench/README.md, "Search by buckets of ids"). The bucket is a bigint compared with a
bigint, btree_gin's only `=` (migration 0004). The expression must stay the engine's `BUCKET`
(a test compares them).

Built CONCURRENTLY (writes to `search_document` go on meanwhile; at 1M requests, 3.2M
documents, 31 s at load 3 and 70 s at load 5), so the migration is not atomic; backwards it
drops the index (4 s). SQLite needs nothing: its FTS5 match comes first."""

from django.db import migrations

INDEX = "search_document_recent_vector_idx"
DEFINITION = "ON search_document USING GIN ((id / 4096), search_vector)"
# the plain statement (the seed loader builds the index with it after a large load)
POSTGRES_FORWARD = [f"CREATE INDEX {INDEX} {DEFINITION}"]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} {DEFINITION}")


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0005_fts_owner_column")]

    operations = [migrations.RunPython(forward, backward)]

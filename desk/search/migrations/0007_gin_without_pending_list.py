"""PostgreSQL: the GIN indexes of `search_document` write each new document into the index at
once (`fastupdate = off`) instead of into a pending list that every search must read unsorted
until a vacuum merges it. At 1M requests, right after a burst of about 5,000 new documents
(bench.web's create scenarios), console search went from 62.9 req/s and p95 98.7 ms with the
pending list to 106.2 and 41.5 without it, and creation stayed at 45.9 (form) and 39.4–39.6
(API) a second either way (bench/README.md, stop 21). SQLite has nothing of the kind."""

from django.db import migrations

INDEXES = (
    "search_document_vector_idx",
    "search_document_owner_vector_idx",
    "search_document_recent_vector_idx",
)
# also run by the seed loader after it builds the indexes again
POSTGRES_FORWARD = [f"ALTER INDEX {index} SET (fastupdate = off)" for index in INDEXES]
POSTGRES_BACKWARD = [f"ALTER INDEX {index} RESET (fastupdate)" for index in INDEXES]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_recent_vector_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]

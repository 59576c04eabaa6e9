"""PostgreSQL: a GIN index over (owner_id, search_vector), so a customer's search of their own
requests starts from their matching documents instead of walking all their requests' documents
(bench/README.md, "Portal search scope": the busiest customer's 4,906 requests at 1M). GIN
indexes a bigint through the `btree_gin` extension, whose operators are bigint = bigint only: the
search compares `owner_id` with a bigint (`desk.search.engines.sql.Scope`), or the planner
leaves the owner out of the index condition. SQLite needs nothing: its FTS5 match comes first
and the owner is a filter on the rows it returns."""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX search_document_owner_vector_idx ON search_document "
    "USING GIN (owner_id, search_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_document_owner_vector_idx"]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_visibility_customers_only")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]

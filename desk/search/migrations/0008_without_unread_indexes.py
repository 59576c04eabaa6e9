"""Two indexes of `search_document` that every new document paid for and no query read (1M
requests: bench/README.md, stop 22):

- `search_document_vector_idx`, GIN (search_vector), PostgreSQL: the GIN indexes over
  (owner_id, search_vector) (0004) and (id / 4096, search_vector) (0006) answer a condition on
  the vector alone too, and no search read it: the console's, a department's, the portal's, the
  article suggestions' plans and buffers were the same with it dropped. Without a pending list
  (0007) each new document wrote every word of its own into it at once, two documents a request.
- `search_document_owner_id_db73e0f7`, the foreign key's b-tree over owner_id, both databases:
  the prefix of `search_document_owner_idx` (owner_id, kind), which a customer's deletion reads.

Only the state learns that the foreign key has no index of its own (AlterField would rebuild the
table on SQLite: 3.2M rows at 1M); the database drops both, a quick DROP INDEX in the
migration's transaction. Backwards both are built again as they were (the GIN without a
pending list; about a minute at 1M)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VECTOR_INDEX = "search_document_vector_idx"
OWNER_INDEX = "search_document_owner_id_db73e0f7"


def _vector_index(statement: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_gin_without_pending_list"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="owner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {OWNER_INDEX}",
                    f"CREATE INDEX IF NOT EXISTS {OWNER_INDEX} ON search_document (owner_id)",
                ),
            ],
        ),
        migrations.RunPython(
            _vector_index(f"DROP INDEX IF EXISTS {VECTOR_INDEX}"),
            _vector_index(
                f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON search_document "
                "USING GIN (search_vector) WITH (fastupdate = off)"
            ),
        ),
    ]

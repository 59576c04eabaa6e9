"""The full-text structures beside `search_document`, one set per database.

PostgreSQL: a generated tsvector column in the document's language (russian or english stemming)
over text and keywords, with a GIN index. SQLite: an FTS5 table (unicode61, diacritics removed)
holding each document's folded text (for highlight) and its Snowball stems (for matching), with
a trigger that removes the FTS row whenever its document row goes, however it is deleted.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector(
            CASE WHEN language = 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END,
            text || ' ' || keywords
        )
    ) STORED
    """,
    "CREATE INDEX search_document_vector_idx ON search_document USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_idx",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "body, stems, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

"""SQLite: the FTS table gets an `owner` column (the token of the customer who may read the
document, `desk.search.services.fts_values`) and loses the folded text, which only highlight()
read (snippets are marked in Python now, `desk.search.text.highlight`). A customer's search is
then an intersection inside FTS5 instead of a walk of every match (bench/README.md, stop 21).

The table is rebuilt from the old one's stems and the documents' owners (1M requests: 3.2M
rows). PostgreSQL has nothing to do here."""

from django.db import migrations

TRIGGER = (
    "CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END"
)
FORWARD = [
    "CREATE VIRTUAL TABLE search_fts_new USING fts5("
    "stems, owner, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_fts_new (rowid, stems, owner) "
    "SELECT f.rowid, f.stems, CASE WHEN d.visibility = 'customer' AND d.owner_id IS NOT NULL "
    "THEN 'o' || d.owner_id ELSE '' END "
    "FROM search_fts f JOIN search_document d ON d.id = f.rowid",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_new RENAME TO search_fts",
    TRIGGER,
]
BACKWARD = [
    "CREATE VIRTUAL TABLE search_fts_old USING fts5("
    "body, stems, tokenize = 'unicode61 remove_diacritics 2')",
    # the folded text as `desk.search.text.fold` writes it (ё and Ё as е and Е)
    "INSERT INTO search_fts_old (rowid, body, stems) "
    "SELECT f.rowid, replace(replace(d.text, 'ё', 'е'), 'Ё', 'Е'), f.stems "
    "FROM search_fts f JOIN search_document d ON d.id = f.rowid",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_old RENAME TO search_fts",
    TRIGGER,
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_owner_vector_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

"""Routing's load as a maintained aggregate (`desk.tickets.loads`): the table, the triggers on
`tickets_ticket` that write it, and its first rows from the requests as they are.

The open statuses are frozen here, as a migration must be: a change to `OPEN_STATUSES` needs a
migration that replaces the triggers (`test_engineer_loads` fails until then)."""

from django.db import migrations, models

OPEN = "('new', 'open', 'waiting')"
TABLE = "tickets_engineerloadchange"

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION tickets_engineer_load() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
            AND NEW.assignee_id IS NOT DISTINCT FROM OLD.assignee_id
            AND (NEW.status IN {OPEN}) = (OLD.status IN {OPEN})
            AND NEW.is_hotrush = OLD.is_hotrush THEN
            RETURN NULL;  -- counts as before
        END IF;
        IF TG_OP <> 'INSERT' AND OLD.assignee_id IS NOT NULL AND OLD.status IN {OPEN} THEN
            INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
            VALUES (OLD.assignee_id, -1, -OLD.is_hotrush::integer);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.assignee_id IS NOT NULL AND NEW.status IN {OPEN} THEN
            INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
            VALUES (NEW.assignee_id, 1, NEW.is_hotrush::integer);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER tickets_engineer_load
    AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id, is_hotrush ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_engineer_load()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_engineer_load ON tickets_ticket",
    "DROP FUNCTION IF EXISTS tickets_engineer_load()",
]
_OLD_HELD = f"OLD.assignee_id IS NOT NULL AND OLD.status IN {OPEN}"
_NEW_HELD = f"NEW.assignee_id IS NOT NULL AND NEW.status IN {OPEN}"
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER tickets_engineer_load_insert AFTER INSERT ON tickets_ticket
    WHEN {_NEW_HELD}
    BEGIN
        INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
        VALUES (NEW.assignee_id, 1, NEW.is_hotrush);
    END
    """,
    f"""
    CREATE TRIGGER tickets_engineer_load_delete AFTER DELETE ON tickets_ticket
    WHEN {_OLD_HELD}
    BEGIN
        INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
        VALUES (OLD.assignee_id, -1, -OLD.is_hotrush);
    END
    """,
    f"""
    CREATE TRIGGER tickets_engineer_load_update
    AFTER UPDATE OF status, assignee_id, is_hotrush ON tickets_ticket
    WHEN NOT (
        NEW.assignee_id IS OLD.assignee_id
        AND (NEW.status IN {OPEN}) = (OLD.status IN {OPEN})
        AND NEW.is_hotrush = OLD.is_hotrush
    )
    BEGIN
        INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
        SELECT OLD.assignee_id, -1, -OLD.is_hotrush WHERE {_OLD_HELD};
        INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
        SELECT NEW.assignee_id, 1, NEW.is_hotrush WHERE {_NEW_HELD};
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_engineer_load_insert",
    "DROP TRIGGER IF EXISTS tickets_engineer_load_delete",
    "DROP TRIGGER IF EXISTS tickets_engineer_load_update",
]
BACKFILL = f"""
    INSERT INTO {TABLE} (engineer_id, open_change, hotrush_change)
    SELECT assignee_id, COUNT(*), SUM(CASE WHEN is_hotrush THEN 1 ELSE 0 END)
    FROM tickets_ticket WHERE assignee_id IS NOT NULL AND status IN {OPEN}
    GROUP BY assignee_id
"""


def _forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # no request changes between the backfill and the triggers
        schema_editor.execute("LOCK TABLE tickets_ticket IN SHARE ROW EXCLUSIVE MODE")
    for statement in POSTGRES_FORWARD if postgres else SQLITE_FORWARD:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def _backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES_BACKWARD if postgres else SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0019_recent_replies_aggregate")]

    operations = [
        migrations.CreateModel(
            name="EngineerLoadChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("engineer_id", models.BigIntegerField()),
                ("open_change", models.IntegerField()),
                ("hotrush_change", models.IntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["engineer_id", "open_change", "hotrush_change"],
                        name="engineer_load_change_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(_forward, _backward),
    ]

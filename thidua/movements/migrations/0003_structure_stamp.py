"""The structure stamp of a movement and the triggers that write it (see `StructureStamp`).

Every insert, update and delete of a content area, a criterion or an indicator gives the
movement (the old one and the new one, if a row moves) a new random token. Triggers, not
Django signals: a queryset's `update()`, `bulk_create()` and raw SQL send no signal."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("movements_contentarea", "movements_criterion", "movements_indicator")

# SQLite: one trigger per table and operation; random() is a random 64-bit integer.
_SQLITE_UPSERT = (
    "INSERT INTO movements_structurestamp (movement_id, token) VALUES ({row}.movement_id, "
    "random()) ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;"
)
_SQLITE_ROWS = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}

# PostgreSQL: one function, one row trigger per table.
_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION movements_stamp_structure() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO movements_structurestamp (movement_id, token)
        VALUES (OLD.movement_id, floor(random() * 9.2e18)::bigint)
        ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO movements_structurestamp (movement_id, token)
        VALUES (NEW.movement_id, floor(random() * 9.2e18)::bigint)
        ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _trigger(table: str, operation: str) -> str:
    return f"{table}_stamp_{operation.lower()}"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for operation, rows in _SQLITE_ROWS.items():
                body = " ".join(_SQLITE_UPSERT.format(row=row) for row in rows)
                schema_editor.execute(
                    f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation} ON {table} "
                    f"FOR EACH ROW BEGIN {body} END"
                )
        token = "random()"
    elif vendor == "postgresql":
        schema_editor.execute(_POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION movements_stamp_structure()"
            )
        token = "floor(random() * 9.2e18)::bigint"
    else:  # pragma: no cover - the application runs on SQLite and PostgreSQL only
        raise NotImplementedError(vendor)
    # The movements that exist already get their first stamp.
    schema_editor.execute(
        f"INSERT INTO movements_structurestamp (movement_id, token) "
        f"SELECT id, {token} FROM movements_movement"
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for operation in _SQLITE_ROWS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, operation)}")
    elif vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS movements_stamp_structure()")


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0002_registrations_deadline_override_submitted_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="StructureStamp",
            fields=[
                (
                    "movement",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="structure_stamp",
                        serialize=False,
                        to="movements.movement",
                    ),
                ),
                ("token", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "Dấu thay đổi cấu trúc phong trào",
                "verbose_name_plural": "Dấu thay đổi cấu trúc phong trào",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

"""The structure stamp also moves with the movement's scoring tables and their versions (a new
version, a version frozen on first use, a changed date): the pages keep the versions with the
plan (`movements.selectors.structure`). A version names its movement through its table."""

from django.db import migrations

# SQLite: one trigger per table and operation.
_SQLITE = {
    "movements_scoringtable": (
        "INSERT INTO movements_structurestamp (movement_id, token) VALUES ({row}.movement_id, "
        "random()) ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;"
    ),
    "movements_scoringversion": (
        "INSERT INTO movements_structurestamp (movement_id, token) SELECT movement_id, random() "
        "FROM movements_scoringtable WHERE id = {row}.table_id "
        "ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;"
    ),
}
_SQLITE_ROWS = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}

_POSTGRES_VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION movements_stamp_structure_by_table() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO movements_structurestamp (movement_id, token)
        SELECT movement_id, floor(random() * 9.2e18)::bigint
        FROM movements_scoringtable WHERE id = OLD.table_id
        ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO movements_structurestamp (movement_id, token)
        SELECT movement_id, floor(random() * 9.2e18)::bigint
        FROM movements_scoringtable WHERE id = NEW.table_id
        ON CONFLICT (movement_id) DO UPDATE SET token = excluded.token;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
# The function of migration 0003 (by the row's own movement_id) serves the tables.
_POSTGRES_FUNCTIONS = {
    "movements_scoringtable": "movements_stamp_structure",
    "movements_scoringversion": "movements_stamp_structure_by_table",
}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, upsert in _SQLITE.items():
            for operation, rows in _SQLITE_ROWS.items():
                body = " ".join(upsert.format(row=row) for row in rows)
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_stamp_{operation.lower()} AFTER {operation} "
                    f"ON {table} FOR EACH ROW BEGIN {body} END"
                )
    elif vendor == "postgresql":
        schema_editor.execute(_POSTGRES_VERSION_FUNCTION)
        for table, function in _POSTGRES_FUNCTIONS.items():
            schema_editor.execute(
                f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    else:  # pragma: no cover - the application runs on SQLite and PostgreSQL only
        raise NotImplementedError(vendor)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in _SQLITE:
            for operation in _SQLITE_ROWS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{operation.lower()}")
    elif vendor == "postgresql":
        for table in _POSTGRES_FUNCTIONS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS movements_stamp_structure_by_table()")


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0003_structure_stamp"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

"""Refuse UPDATE of transition log rows in the database itself, on SQLite and PostgreSQL.

Deleting is already refused by the project's PROTECT foreign key, the model and the admin;
an UPDATE trigger catches anything that goes round the ORM.
"""

from django.db import migrations

SQLITE_CREATE = ["""
CREATE TRIGGER grants_transitionlog_no_update BEFORE UPDATE ON grants_transitionlog
BEGIN SELECT RAISE(ABORT, 'grants_transitionlog is append-only'); END;"""]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS grants_transitionlog_no_update"]

POSTGRES_CREATE = [
    """CREATE FUNCTION grants_transitionlog_refuse_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'grants_transitionlog is append-only'; END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER grants_transitionlog_no_update BEFORE UPDATE ON grants_transitionlog
    FOR EACH ROW EXECUTE FUNCTION grants_transitionlog_refuse_update()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS grants_transitionlog_no_update ON grants_transitionlog",
    "DROP FUNCTION IF EXISTS grants_transitionlog_refuse_update()",
]


def create_trigger(apps, schema_editor):
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def drop_trigger(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_programmes_calls_projects")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]

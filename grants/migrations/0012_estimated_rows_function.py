"""``gongyi_estimated_rows(query)``: the planner's row estimate for a query, so a page's
counts and their estimates come back in one statement (``grants.counting``). PostgreSQL
only; elsewhere counts are exact and need no estimate."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gongyi_estimated_rows(query text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
BEGIN
    -- Planning only: EXPLAIN without ANALYZE runs nothing.
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric);
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS gongyi_estimated_rows(text);"


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("grants", "0011_payment_payee")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]

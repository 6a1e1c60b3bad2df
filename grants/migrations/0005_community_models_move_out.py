"""The fund plans, allocations, space registries, rooms, their log and the policy move to
the ``community`` app. Their rows stay where they are: the tables are renamed to the new
app's names, and ``community.0001_initial`` takes the models over in the migration state."""

from django.db import migrations

MOVED = ["recordlog", "room", "allocation", "spaceregistry", "fundplan", "policy"]


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_district_policy")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"community_{name}") for name in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        )
    ]

"""Every expert seated on a panel today (not removed) becomes a reader of the panel's
project, as ``reviews.panels`` records from now on when it seats or removes an expert.
Reversing empties the readers: before this migration only the seats said who reads."""

from django.db import migrations

BATCH = 1000


def fill_readers(apps, schema_editor):
    PanelMember = apps.get_model("reviews", "PanelMember")
    ProjectReader = apps.get_model("grants", "ProjectReader")
    seats = (
        PanelMember.objects.filter(removed_at__isnull=True)
        .values_list("panel__project_id", "expert__user_id")
        .distinct()
        .order_by()
    )
    batch = []
    for project_id, user_id in seats.iterator(chunk_size=BATCH):
        batch.append(ProjectReader(project_id=project_id, user_id=user_id))
        if len(batch) == BATCH:
            ProjectReader.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ProjectReader.objects.bulk_create(batch, ignore_conflicts=True)


def empty_readers(apps, schema_editor):
    apps.get_model("grants", "ProjectReader").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_rubrics_panels_sheets"),
        ("grants", "0006_project_readers"),
    ]

    operations = [migrations.RunPython(fill_readers, empty_readers)]

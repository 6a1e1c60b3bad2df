"""Who reads a project beyond their roles: experts seated on its panels (see ProjectReader)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0005_community_models_move_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectReader",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("granted_at", models.DateTimeField(auto_now_add=True, verbose_name="granted at")),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="readers",
                        to="grants.project",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="project_readings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "project reader",
                "verbose_name_plural": "project readers",
                "ordering": ["project_id", "user_id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "user"),
                        name="project_reader_unique",
                        violation_error_message="This user already reads this project.",
                    )
                ],
            },
        ),
    ]

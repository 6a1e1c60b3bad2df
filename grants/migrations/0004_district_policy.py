"""Seed the district's policy numbers (DESIGN.md, "两个明确"), in force from 2020."""

from decimal import Decimal

from django.db import migrations

DISTRICT_POLICY = {
    "effective_year": 2020,
    "fund_amount": Decimal("300000.00"),
    "project_share_min": Decimal("50.00"),
    "designated_space_min": Decimal("80.00"),
    "home_care_space_min": Decimal("40.00"),
    "open_space_min": Decimal("50.00"),
}


def add_policy(apps, schema_editor):
    Policy = apps.get_model("grants", "Policy")
    Policy.objects.get_or_create(
        effective_year=DISTRICT_POLICY["effective_year"], defaults=DISTRICT_POLICY
    )


def remove_policy(apps, schema_editor):
    Policy = apps.get_model("grants", "Policy")
    Policy.objects.filter(**DISTRICT_POLICY).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_community_fund_plans_and_space")]

    operations = [migrations.RunPython(add_policy, remove_policy)]

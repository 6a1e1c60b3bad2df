"""The community app takes over the fund plans, allocations, space registries, rooms,
their log and the policy from ``grants`` (see ``grants.0005_community_models_move_out``,
which renamed their tables): the models enter this app's state and no table is created.
Their content types follow them, so permissions granted on them are kept, and on
PostgreSQL their id sequences take the new names."""

import django.db.models.deletion
import django_fsm
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


MOVED = ["fundplan", "allocation", "policy", "spaceregistry", "room", "recordlog"]


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def content_types_to_community(apps, schema_editor):
    _move_content_types(apps, "grants", "community")


def content_types_to_grants(apps, schema_editor):
    _move_content_types(apps, "community", "grants")


def _rename_sequences(schema_editor, source: str, target: str) -> None:
    """PostgreSQL keeps a renamed table's id sequence under its old name; name it anew."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for model in MOVED:
        schema_editor.execute(
            f"ALTER SEQUENCE IF EXISTS {source}_{model}_id_seq RENAME TO {target}_{model}_id_seq"
        )


def sequences_to_community(apps, schema_editor):
    _rename_sequences(schema_editor, "grants", "community")


def sequences_to_grants(apps, schema_editor):
    _rename_sequences(schema_editor, "community", "grants")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('grants', '0005_community_models_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='FundPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('state', django_fsm.FSMField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved')], default='draft', max_length=50, protected=True, verbose_name='state')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('fund_amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='annual fund')),
                        ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.community', verbose_name='community')),
                    ],
                    options={
                        'verbose_name': 'service-fund plan',
                        'verbose_name_plural': 'service-fund plans',
                        'ordering': ['-year', 'community_id'],
                    },
                    bases=(django_fsm.ConcurrentTransitionMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('use', models.CharField(choices=[('project_based', 'Project-based community services'), ('activities', 'Community activities'), ('office', 'Office running costs'), ('emergency', 'Emergency relief'), ('other', 'Other')], max_length=20, verbose_name='use')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='fund_allocations', to='grants.project', verbose_name='project')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='community.fundplan')),
                    ],
                    options={
                        'verbose_name': 'allocation',
                        'verbose_name_plural': 'allocations',
                        'ordering': ['plan_id', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Policy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('effective_year', models.PositiveSmallIntegerField(unique=True, verbose_name='effective from year')),
                        ('fund_amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='annual service fund per community')),
                        ('project_share_min', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='project-based services, at least (percent)')),
                        ('designated_space_min', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='designated service space, at least (percent)')),
                        ('home_care_space_min', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='home-based elderly care space, at least (percent)')),
                        ('open_space_min', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='space open to social organisations, at least (percent)')),
                    ],
                    options={
                        'verbose_name': 'community policy',
                        'verbose_name_plural': 'community policies',
                        'ordering': ['-effective_year'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('fund_amount__gt', 0)), name='policy_fund_positive'), models.CheckConstraint(condition=models.Q(('project_share_min__gte', 0), ('project_share_min__lte', Decimal('100'))), name='policy_project_share_min_percent'), models.CheckConstraint(condition=models.Q(('designated_space_min__gte', 0), ('designated_space_min__lte', Decimal('100'))), name='policy_designated_space_min_percent'), models.CheckConstraint(condition=models.Q(('home_care_space_min__gte', 0), ('home_care_space_min__lte', Decimal('100'))), name='policy_home_care_space_min_percent'), models.CheckConstraint(condition=models.Q(('open_space_min__gte', 0), ('open_space_min__lte', Decimal('100'))), name='policy_open_space_min_percent')],
                    },
                ),
                migrations.CreateModel(
                    name='SpaceRegistry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('state', django_fsm.FSMField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved')], default='draft', max_length=50, protected=True, verbose_name='state')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.community', verbose_name='community')),
                    ],
                    options={
                        'verbose_name': 'service-space registry',
                        'verbose_name_plural': 'service-space registries',
                        'ordering': ['-year', 'community_id'],
                    },
                    bases=(django_fsm.ConcurrentTransitionMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='Room',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('area', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='area (m²)')),
                        ('use', models.CharField(choices=[('home_care', 'Home-based elderly care'), ('elderly', 'Other elderly services'), ('youth', 'Youth'), ('charity', 'Charity'), ('mediation', 'Mediation and governance'), ('office', 'Office'), ('other', 'Other')], max_length=20, verbose_name='designated use')),
                        ('open_to_organisations', models.BooleanField(default=False, verbose_name='open to social organisations')),
                        ('registry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rooms', to='community.spaceregistry')),
                    ],
                    options={
                        'verbose_name': 'room',
                        'verbose_name_plural': 'rooms',
                        'ordering': ['registry_id', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='RecordLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=30, verbose_name='action')),
                        ('from_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved')], max_length=20, verbose_name='from')),
                        ('to_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved')], max_length=20, verbose_name='to')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='logs', to='community.fundplan')),
                        ('registry', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='logs', to='community.spaceregistry')),
                    ],
                    options={
                        'verbose_name': 'plan or registry log entry',
                        'verbose_name_plural': 'plan and registry log',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='fundplan',
                    constraint=models.UniqueConstraint(fields=('community', 'year'), name='fund_plan_unique_year'),
                ),
                migrations.AddConstraint(
                    model_name='fundplan',
                    constraint=models.CheckConstraint(condition=models.Q(('fund_amount__gt', 0)), name='fund_plan_positive'),
                ),
                migrations.AddConstraint(
                    model_name='allocation',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='allocation_amount_positive'),
                ),
                migrations.AddConstraint(
                    model_name='allocation',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('project__isnull', False), ('use', 'project_based')), models.Q(models.Q(('use', 'project_based'), _negated=True), ('project__isnull', True)), _connector='OR'), name='allocation_project_iff_project_based'),
                ),
                migrations.AddConstraint(
                    model_name='spaceregistry',
                    constraint=models.UniqueConstraint(fields=('community', 'year'), name='space_registry_unique_year'),
                ),
                migrations.AddConstraint(
                    model_name='room',
                    constraint=models.CheckConstraint(condition=models.Q(('area__gt', 0)), name='room_area_positive'),
                ),
                migrations.AddConstraint(
                    model_name='recordlog',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('plan__isnull', False), ('registry__isnull', True)), models.Q(('plan__isnull', True), ('registry__isnull', False)), _connector='OR'), name='record_log_one_record'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_community, content_types_to_grants),
        migrations.RunPython(sequences_to_community, sequences_to_grants),
    ]

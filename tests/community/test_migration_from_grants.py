"""A database made before the community app existed keeps every plan, allocation,
registry, room, log row and policy when it is migrated: the tables are renamed, not
recreated, and their content types follow them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD_LAYOUT = [("grants", "0004_district_policy")]
D = Decimal
MOVED = ["fundplan", "allocation", "spaceregistry", "room", "recordlog", "policy"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _seed_old_layout(apps) -> None:
    district = apps.get_model("accounts", "District").objects.create(
        name="雨花台区", division_code="320114"
    )
    street = apps.get_model("accounts", "Street").objects.create(district=district, name="雨花街道")
    community = apps.get_model("accounts", "Community").objects.create(
        street=street, name="雨花新村社区"
    )
    user = apps.get_model("accounts", "User").objects.create(username="keeper")
    plan = apps.get_model("grants", "FundPlan").objects.create(
        community=community, year=2026, fund_amount=Decimal("300000.00"), state="approved"
    )
    apps.get_model("grants", "Allocation").objects.create(
        plan=plan, use="activities", amount=Decimal("70000.00"), note="社区活动"
    )
    apps.get_model("grants", "Allocation").objects.create(
        plan=plan, use="office", amount=Decimal("30000.01")
    )
    registry = apps.get_model("grants", "SpaceRegistry").objects.create(
        community=community, year=2026
    )
    apps.get_model("grants", "Room").objects.create(
        registry=registry, name="居家养老服务站", area=Decimal("120.50"), use="home_care"
    )
    apps.get_model("grants", "RecordLog").objects.create(
        plan=plan, action="approve", from_state="submitted", to_state="approved", actor=user
    )
    apps.get_model("grants", "Policy").objects.create(
        effective_year=2031,
        fund_amount=Decimal("280000.00"),
        project_share_min=Decimal("55.00"),
        designated_space_min=Decimal("80.00"),
        home_care_space_min=Decimal("40.00"),
        open_space_min=Decimal("50.00"),
    )
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model in MOVED:
        content_types.get_or_create(app_label="grants", model=model)


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move_to_the_community_app():
    latest = _latest()
    old = _migrate(OLD_LAYOUT)
    _seed_old_layout(old)

    new = _migrate(latest)

    plan = new.get_model("community", "FundPlan").objects.get()
    assert (plan.year, plan.state, plan.fund_amount) == (2026, "approved", Decimal("300000.00"))
    amounts = sorted(a.amount for a in new.get_model("community", "Allocation").objects.all())
    assert amounts == [Decimal("30000.01"), Decimal("70000.00")]
    room = new.get_model("community", "Room").objects.get()
    assert (room.name, room.area, room.registry.year) == ("居家养老服务站", Decimal("120.50"), 2026)
    assert new.get_model("community", "RecordLog").objects.get().plan_id == plan.pk
    policy = new.get_model("community", "Policy").objects.get(effective_year=2031)
    assert (policy.fund_amount, policy.project_share_min) == (D("280000.00"), D("55.00"))
    labels = set(
        new.get_model("contenttypes", "ContentType")
        .objects.filter(model__in=MOVED)
        .values_list("app_label", flat=True)
    )
    assert labels == {"community"}
    tables = set(connection.introspection.table_names())
    assert {f"community_{model}" for model in MOVED} <= tables
    assert not {f"grants_{model}" for model in MOVED} & tables


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone():
    latest = _latest()
    new = _migrate(latest)
    new.get_model("community", "Policy").objects.create(
        effective_year=2031,
        fund_amount=Decimal("250000.00"),
        project_share_min=Decimal("50.00"),
        designated_space_min=Decimal("80.00"),
        home_care_space_min=Decimal("40.00"),
        open_space_min=Decimal("50.00"),
    )

    old = _migrate(OLD_LAYOUT)

    policy = old.get_model("grants", "Policy").objects.get(effective_year=2031)
    assert policy.fund_amount == Decimal("250000.00")
    _migrate(latest)

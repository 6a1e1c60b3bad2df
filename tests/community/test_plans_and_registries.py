"""The fund plan and space registry use cases keep the rules, in every state."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from accounts.models import Role
from community import plans, spaces
from community.models import Allocation, AllocationUse, RecordState, Room, RoomUse
from grants import lifecycle
from grants.models import ProjectState
from grants.refusals import Refused
from tests.factories import (
    FundPlanFactory,
    ProjectFactory,
    SpaceRegistryFactory,
    district_policy,
    user_with_role,
)

D = Decimal


@pytest.fixture
def plan(db):
    return FundPlanFactory()


@pytest.fixture
def keeper(plan):
    return user_with_role(Role.COMMUNITY_STAFF, community=plan.community)


def _running_project(plan, **kwargs):
    defaults = {
        "state": ProjectState.IN_PROGRESS,
        "requested_amount": D("200000.00"),
        "approved_amount": D("200000.00"),
    }
    return ProjectFactory(community=plan.community, **{**defaults, **kwargs})


def _allocate(plan, keeper, amount, project=None, use=AllocationUse.PROJECT_BASED, pk=None):
    allocation = Allocation(
        pk=pk,
        use=use,
        amount=D(amount),
        project=project if use == AllocationUse.PROJECT_BASED else None,
    )
    return plans.save_allocation(plan=plan, allocation=allocation, by=keeper)


def _approved_plan(plan, keeper, amount="150000.00", also=None):
    project = _running_project(plan)
    allocation = _allocate(plan, keeper, amount, project)
    if also:
        _allocate(plan, keeper, also, _running_project(plan))
    _allocate(plan, keeper, "100000.00", use=AllocationUse.ACTIVITIES)
    officer = user_with_role(Role.OFFICER)
    plans.submit_plan(plan=plan, by=keeper)
    plan = plans.approve_plan(plan=plan, by=officer)
    return plan, allocation, project


def test_submission_is_refused_below_50_percent_with_the_numbers(plan, keeper):
    _allocate(plan, keeper, "149999.99", _running_project(plan))
    with pytest.raises(Refused) as raised:
        plans.submit_plan(plan=plan, by=keeper)
    assert raised.value.problems == ["项目化运作 149,999.99 元，占 49.99%，低于 50%。"]


def test_approval_at_exactly_50_percent(plan, keeper):
    plan, *_ = _approved_plan(plan, keeper)
    assert plan.state == RecordState.APPROVED
    assert list(plan.logs.values_list("action", flat=True)) == ["submit", "approve"]


def test_an_approved_plan_cannot_be_amended_below_50_percent(plan, keeper):
    plan, allocation, project = _approved_plan(plan, keeper)
    with pytest.raises(Refused) as raised:
        _allocate(plan, keeper, "149999.99", project, pk=allocation.pk)
    assert raised.value.problems == ["项目化运作 149,999.99 元，占 49.99%，低于 50%。"]
    with pytest.raises(Refused):
        plans.remove_allocation(plan=plan, allocation=allocation, by=keeper)
    allocation.refresh_from_db()
    assert allocation.amount == D("150000.00")


def test_allocations_may_not_exceed_the_fund(plan, keeper):
    _allocate(plan, keeper, "200000.00", _running_project(plan))
    with pytest.raises(Refused) as raised:
        _allocate(plan, keeper, "100000.01", use=AllocationUse.OTHER)
    assert raised.value.problems == ["分配合计 300,000.01 元，超过年度经费 300,000.00 元。"]


def test_project_allocation_must_be_in_the_community_and_past_approval(plan, keeper):
    elsewhere = ProjectFactory(state=ProjectState.IN_PROGRESS)
    draft = ProjectFactory(community=plan.community)
    with pytest.raises(Refused) as raised:
        _allocate(plan, keeper, "1000.00", elsewhere)
    assert "不是本社区" in raised.value.problems[0]
    with pytest.raises(Refused) as raised:
        _allocate(plan, keeper, "1000.00", draft)
    assert "只有已立项的项目" in raised.value.problems[0]


def test_terminating_a_linked_project_is_never_blocked_and_flags_the_plan(plan, keeper, finance):
    from grants import payments

    plan, _, project = _approved_plan(plan, keeper)
    project = ProjectFactory(
        community=plan.community, state=ProjectState.CONTRACTED, approved_amount=D("100000.00")
    )
    payments.create_schedule(project)
    payments.record_payment(
        tranche=project.tranches.get(sequence=1),
        by=finance,
        paid_on=project.created_at.date(),
        amount=D("20000.00"),
        voucher_number="PZ-T",
    )
    plans.save_allocation(
        plan=plan,
        allocation=Allocation(
            use=AllocationUse.PROJECT_BASED, amount=D("30000.00"), project=project
        ),
        by=keeper,
    )
    lifecycle.terminate_project(project=project, by=user_with_role(Role.OFFICER), reason="终止")
    # 20,000 of its 100,000 grant was paid: its 30,000 allocation counts 20 %, 6,000.
    verdict = plans.plan_verdict(plan)
    assert verdict.project_based == D("156000.00")
    assert verdict.passes


def test_a_flagged_plan_shows_its_shortfall_and_may_be_amended_back(plan, keeper, finance):
    from grants import payments

    project = ProjectFactory(
        community=plan.community,
        state=ProjectState.CONTRACTED,
        approved_amount=D("160000.00"),
        requested_amount=D("160000.00"),
    )
    payments.create_schedule(project)
    payments.record_payment(
        tranche=project.tranches.get(sequence=1),
        by=finance,
        paid_on=project.created_at.date(),
        amount=D("80000.00"),
        voucher_number="PZ-F",
    )
    allocation = _allocate(plan, keeper, "150000.00", project)
    officer = user_with_role(Role.OFFICER)
    plans.submit_plan(plan=plan, by=keeper)
    plan = plans.approve_plan(plan=plan, by=officer)
    lifecycle.terminate_project(project=project, by=officer, reason="机构注销")

    verdict = plans.plan_verdict(plan)
    assert not verdict.passes
    # Half its grant was paid: the 150,000 allocated counts 75,000.
    assert verdict.shortfall == D("75000.00")
    # An amendment that does not make it worse is allowed; one that restores it, too.
    other = _running_project(plan)
    _allocate(plan, keeper, "10000.00", other)
    _allocate(plan, keeper, "75000.00", other, pk=plan.allocations.get(project=other).pk)
    assert plans.plan_verdict(plan).passes
    assert allocation.pk


def test_only_the_communitys_staff_keep_its_plan(plan):
    other_staff = user_with_role(Role.COMMUNITY_STAFF)
    with pytest.raises(PermissionDenied):
        _allocate(plan, other_staff, "100.00", use=AllocationUse.OTHER)
    with pytest.raises(PermissionDenied):
        plans.submit_plan(plan=plan, by=user_with_role(Role.OFFICER))


def test_registry_rules_on_approval_and_on_change(db):
    registry = SpaceRegistryFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=registry.community)
    for name, use, area, open_ in [
        ("居家养老服务站", RoomUse.HOME_CARE, "45.00", True),
        ("青少年活动室", RoomUse.YOUTH, "35.00", True),
        ("办公室", RoomUse.OFFICE, "20.00", False),
    ]:
        spaces.save_room(
            registry=registry,
            room=Room(name=name, use=use, area=D(area), open_to_organisations=open_),
            by=keeper,
        )
    spaces.submit_registry(registry=registry, by=keeper)
    registry = spaces.approve_registry(registry=registry, by=user_with_role(Role.OFFICER))
    office = registry.rooms.get(name="办公室")
    office.area = D("20.01")
    with pytest.raises(Refused) as raised:
        spaces.save_room(registry=registry, room=office, by=keeper)
    assert raised.value.problems == ["指定用途用房 80.00 m²，占 79.99%，低于 80%。"]


@pytest.mark.django_db(transaction=True)
def test_two_amendments_that_together_break_the_rule_one_is_refused():
    district_policy()
    plan = FundPlanFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=plan.community)
    plan, first, _ = _approved_plan(plan, keeper, amount="100000.00", also="60000.00")
    second = plan.allocations.exclude(pk=first.pk).get(use=AllocationUse.PROJECT_BASED)
    # 160,000 project-based: cutting either by 10,000 keeps 50 %; cutting both breaks it.
    barrier = threading.Barrier(2)
    outcomes = []

    def cut(allocation):
        try:
            barrier.wait()
            _allocate(
                plan,
                keeper,
                str(allocation.amount - D("10000.00")),
                allocation.project,
                pk=allocation.pk,
            )
            outcomes.append("saved")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=cut, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1
    assert "低于 50%" in next(o for o in outcomes if o != "saved")
    assert plans.plan_verdict(plan).passes


@pytest.mark.parametrize("amount", ["0.00", "-5.00", "1234567890123.00"])
def test_the_use_case_called_without_a_form_refuses_what_the_columns_cannot_hold(
    plan, keeper, amount
):
    with pytest.raises(Refused) as refused:
        plans.save_allocation(
            plan=plan,
            allocation=Allocation(use=AllocationUse.OTHER, amount=D(amount)),
            by=keeper,
        )
    assert refused.value.problems
    assert not any("allocation_amount_positive" in p for p in refused.value.problems)
    assert not plan.allocations.exists()


def test_a_room_of_no_area_is_refused_by_the_use_case_itself(db):
    registry = SpaceRegistryFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=registry.community)
    with pytest.raises(Refused) as refused:
        spaces.save_room(
            registry=registry, room=Room(name="空房", use=RoomUse.OTHER, area=D("0")), by=keeper
        )
    assert refused.value.problems == ["用房面积应大于 0。"]

"""What counts toward R1 when a project stops, and how much a project may take from the
community plans together.

The rule (README, "The rules"): an allocation to a running or closed project counts in
full; an allocation to a project that stopped after approval (terminated, rejected on an
objection, withdrawn, found ineligible) counts only the share of the project delivered,
measured by the share of its grant paid before it stopped. All of a project's
allocations, in every plan, add up to at most its approved grant (what it requested,
before approval).
"""

import threading
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Role
from community import plans
from community import policy as rules
from community.models import Allocation, AllocationUse
from grants import lifecycle, payments
from grants.models import ProjectState
from grants.refusals import Refused
from tests.community.test_policy_rules import DISTRICT
from tests.factories import FundPlanFactory, ProjectFactory, district_policy, user_with_role

D = Decimal
S = ProjectState
PB = AllocationUse.PROJECT_BASED


@pytest.fixture
def plan(db):
    district_policy()
    return FundPlanFactory()


@pytest.fixture
def keeper(plan):
    return user_with_role(Role.COMMUNITY_STAFF, community=plan.community)


def _project(plan, approved, state=S.IN_PROGRESS, **kwargs):
    return ProjectFactory(
        community=plan.community,
        state=state,
        requested_amount=D(approved),
        approved_amount=D(approved),
        **kwargs,
    )


def _allocate(plan, keeper, amount, project=None, pk=None):
    use = PB if project is not None else AllocationUse.ACTIVITIES
    return plans.save_allocation(
        plan=plan,
        allocation=Allocation(pk=pk, use=use, amount=D(amount), project=project),
        by=keeper,
    )


def _pay(project, amount, finance):
    payments.create_schedule(project)
    tranche = project.tranches.get(sequence=1)
    return payments.record_payment(
        tranche=tranche,
        by=finance,
        paid_on=project.created_at.date(),
        amount=D(amount),
        voucher_number=f"PZ-{project.pk}",
    )


# --- stopped projects ------------------------------------------------------------------------


def test_two_allocations_to_one_terminated_project_count_what_it_delivered_once(
    plan, keeper, finance
):
    project = _project(plan, "60000.00", state=S.CONTRACTED)
    _allocate(plan, keeper, "30000.00", project)
    _allocate(plan, keeper, "30000.00", project)
    _pay(project, "30000.00", finance)
    lifecycle.terminate_project(project=project, by=user_with_role(Role.OFFICER), reason="终止")
    # Half the grant was paid: each 30,000 counts 15,000; the plan counts 30,000, not 60,000.
    assert plans.plan_verdict(plan).project_based == D("30000.00")


def test_a_project_rejected_after_approval_counts_nothing_and_the_plan_shows_it(
    client, plan, keeper
):
    project = _project(plan, "160000.00", state=S.APPROVED)
    _allocate(plan, keeper, "160000.00", project)
    officer = user_with_role(Role.OFFICER)
    plans.submit_plan(plan=plan, by=keeper)
    plans.approve_plan(plan=plan, by=officer)
    assert plans.plan_verdict(plan).passes

    lifecycle.reject_project(project=project, by=officer, reason="公示期异议成立")

    verdict = plans.plan_verdict(plan)
    assert verdict.project_based == D("0.00")
    assert verdict.shortfall == D("150000.00")
    client.force_login(keeper)
    page = client.get(reverse("community:plan", args=[plan.pk])).content.decode()
    assert "计入 ¥0.00" in page, page
    assert "150,000.00" in page


@pytest.mark.parametrize("state", [S.TERMINATED, S.REJECTED, S.WITHDRAWN, S.INELIGIBLE])
def test_every_state_that_will_not_deliver_counts_only_what_was_delivered(plan, state):
    project = _project(plan, "100000.00", state=state, paid_amount=D("25000.00"))
    Allocation.objects.create(plan=plan, use=PB, project=project, amount=D("80000.00"))
    assert plans.plan_verdict(plan).project_based == D("20000.00")


@pytest.mark.parametrize("state", [S.APPROVED, S.IN_PROGRESS, S.FINAL_REVIEW, S.CLOSED])
def test_a_project_that_delivers_counts_in_full(plan, state):
    project = _project(plan, "100000.00", state=state, paid_amount=D("25000.00"))
    Allocation.objects.create(plan=plan, use=PB, project=project, amount=D("80000.00"))
    assert plans.plan_verdict(plan).project_based == D("80000.00")


# --- the project's cap over every plan -------------------------------------------------------


def test_an_allocation_above_its_project_is_refused_with_the_numbers(plan, keeper):
    project = _project(plan, "10000.00")
    with pytest.raises(Refused) as refused:
        _allocate(plan, keeper, "150000.00", project)
    assert refused.value.problems == [
        f"“{project.title}”在所有计划中合计最多可获分配 10,000.00 元；已分配 0.00 元，"
        "本项最多 10,000.00 元，而不是 150,000.00 元。"
    ]
    assert not Allocation.objects.exists()


def test_a_projects_allocations_in_every_plan_share_its_grant(plan, keeper):
    project = _project(plan, "100000.00")
    first = _allocate(plan, keeper, "60000.00", project)
    next_year = FundPlanFactory(community=plan.community, year=plan.year + 1)
    with pytest.raises(Refused) as refused:
        _allocate(next_year, keeper, "40000.01", project)
    assert "已分配 60,000.00 元" in refused.value.problems[0]
    _allocate(next_year, keeper, "40000.00", project)
    # Changing an allocation counts it once: 60,000 → 60,000 stays allowed, 60,000.01 not.
    _allocate(plan, keeper, "60000.00", project, pk=first.pk)
    with pytest.raises(Refused):
        _allocate(plan, keeper, "60000.01", project, pk=first.pk)


def test_before_approval_the_cap_is_what_the_project_requested(plan):
    project = ProjectFactory(community=plan.community, requested_amount=D("50000.00"))
    assert plans.project_amount(project) == D("50000.00")


@pytest.mark.django_db(transaction=True)
def test_two_plans_funding_one_project_at_once_cannot_both_pass_its_grant():
    district_policy()
    plan = FundPlanFactory()
    other = FundPlanFactory(community=plan.community, year=plan.year + 1)
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=plan.community)
    project = _project(plan, "100000.00")
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(target):
        try:
            barrier.wait()
            _allocate(target, keeper, "60000.00", project)
            outcomes.append("saved")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(p,)) for p in (plan, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1, outcomes
    assert "已分配 60,000.00 元" in next(o for o in outcomes if o != "saved")
    assert Allocation.objects.filter(project=project).count() == 1


# --- the counting, on random plans -----------------------------------------------------------

STATES = st.sampled_from(list(S))
MONEY = st.decimals(min_value=D("0.01"), max_value=D("200000.00"), places=2)


@st.composite
def projects_and_allocations(draw):
    """Projects (grant, paid, state) and allocations to them within each grant."""
    projects = []
    for _ in range(draw(st.integers(1, 4))):
        grant = draw(MONEY)
        paid = draw(st.decimals(min_value=D("0.00"), max_value=grant, places=2))
        projects.append((grant, paid, draw(STATES)))
    figures = []
    for number, (grant, paid, state) in enumerate(projects):
        left = grant
        for _ in range(draw(st.integers(0, 3))):
            if left < D("0.01"):
                break
            amount = draw(st.decimals(min_value=D("0.01"), max_value=left, places=2))
            left -= amount
            figures.append(
                (number, rules.AllocationFigures(PB, amount, state, paid, project_amount=grant))
            )
    others = draw(st.lists(MONEY, max_size=3))
    figures += [(None, rules.AllocationFigures(AllocationUse.OFFICE, a)) for a in others]
    return figures


def _recomputed(figure: rules.AllocationFigures) -> Decimal:
    """The rule as written in the README, computed the plain way."""
    if figure.use != PB:
        return D("0.00")
    if figure.project_state not in {S.TERMINATED, S.REJECTED, S.WITHDRAWN, S.INELIGIBLE}:
        return figure.amount
    return (figure.amount * figure.project_paid / figure.project_amount).quantize(
        D("0.01"), rounding=ROUND_DOWN
    )


@settings(max_examples=300, deadline=None)
@given(projects_and_allocations())
def test_what_counts_never_exceeds_what_was_allocated_or_delivered(figures):
    verdict = rules.fund_verdict(
        fund=D("300000.00"), allocations=[f for _g, f in figures], policy=DISTRICT
    )
    assert verdict.project_based == sum((_recomputed(f) for _g, f in figures), D("0.00"))
    by_project: dict[int, list[rules.AllocationFigures]] = {}
    for number, figure in figures:
        assert D("0.00") <= figure.counted <= figure.amount
        if number is not None:
            by_project.setdefault(number, []).append(figure)
    for allocations in by_project.values():
        counted = sum((f.counted for f in allocations), D("0.00"))
        assert counted <= allocations[0].project_amount
        if allocations[0].stopped:
            assert counted <= allocations[0].project_paid  # never more than it delivered

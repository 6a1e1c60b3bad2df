"""The compliance of an area (issue 17) adds the plans and registries up in the database;
a single plan or registry is judged on its model rows (``plan_verdict``,
``registry_verdict``). Both hand their figures to the same rule functions, and on random
data they must give the same verdicts, figures and messages — stopped projects counting
amount × paid ÷ grant rounded down per allocation included."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Community
from community.compliance import compliance_for
from community.models import (
    Allocation,
    AllocationUse,
    FundPlan,
    RecordState,
    Room,
    RoomUse,
    SpaceRegistry,
)
from community.plans import plan_verdict
from community.spaces import registry_verdict
from grants.models import ProjectState
from tests.factories import (
    CallFactory,
    CommunityFactory,
    FundPlanFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    SpaceRegistryFactory,
    district_policy,
)

pytestmark = pytest.mark.django_db
YEAR = 2026
S = ProjectState
PROJECT_STATES = [S.IN_PROGRESS, S.CLOSED, S.TERMINATED, S.REJECTED, S.WITHDRAWN, S.INELIGIBLE]

cents = st.integers(min_value=1, max_value=30_000_000).map(lambda c: Decimal(c) / 100)


@st.composite
def projects(draw):
    """A project's state and amounts: requested ≥ approved (or none) ≥ paid."""
    requested = draw(cents)
    approved = draw(st.one_of(st.none(), st.integers(0, int(requested * 100))))
    approved = None if approved is None else Decimal(approved) / 100
    paid = Decimal(draw(st.integers(0, int(approved * 100)))) / 100 if approved else Decimal(0)
    return draw(st.sampled_from(PROJECT_STATES)), requested, approved, paid


@st.composite
def plans(draw):
    allocations = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just(AllocationUse.PROJECT_BASED), cents, projects()),
                st.tuples(
                    st.sampled_from([u for u in AllocationUse if u != AllocationUse.PROJECT_BASED]),
                    cents,
                    st.none(),
                ),
            ),
            max_size=5,
        )
    )
    return draw(cents), draw(st.sampled_from(RecordState)), allocations


rooms = st.lists(
    st.tuples(
        st.sampled_from(RoomUse),
        st.integers(1, 99_999_99).map(lambda c: Decimal(c) / 100),
        st.booleans(),
    ),
    max_size=5,
)
communities = st.lists(
    st.tuples(st.one_of(st.none(), plans()), st.one_of(st.none(), rooms)), min_size=1, max_size=4
)


def _make(area, shared):
    organisation, call = shared
    made = []
    for plan_spec, room_specs in area:
        community = CommunityFactory()
        made.append(community)
        if plan_spec is not None:
            fund, state, allocations = plan_spec
            plan = FundPlanFactory(community=community, year=YEAR, fund_amount=fund, state=state)
            for use, amount, project in allocations:
                funded = None
                if project is not None:
                    project_state, requested, approved, paid = project
                    funded = ProjectFactory(
                        organisation=organisation,
                        call=call,
                        community=community,
                        state=project_state,
                        requested_amount=requested,
                        approved_amount=approved,
                        paid_amount=paid,
                        budget=[],
                    )
                Allocation.objects.create(plan=plan, use=use, amount=amount, project=funded)
        if room_specs is not None:
            registry = SpaceRegistryFactory(community=community, year=YEAR)
            for number, (use, area_m2, open_) in enumerate(room_specs):
                Room.objects.create(
                    registry=registry,
                    name=f"室{number}",
                    area=area_m2,
                    use=use,
                    open_to_organisations=open_,
                )
    return made


def _fund(verdict):
    if verdict is None:
        return None
    return (
        verdict.fund,
        verdict.project_based,
        verdict.allocated,
        verdict.share,
        verdict.passes,
        verdict.shortfall,
        verdict.problems,
    )


def _space(verdict):
    if verdict is None:
        return None
    shares = [(s.area, s.total, s.share, s.passes) for s in verdict.shares]
    return (verdict.total, shares, verdict.passes, verdict.problems)


@pytest.fixture
def shared(db):
    district_policy()
    return SocialOrganisationFactory(), CallFactory()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(area=communities)
def test_the_database_sums_give_the_verdicts_of_the_model_rows(shared, area):
    made = _make(area, shared)
    rows = compliance_for(Community.objects.filter(pk__in=[c.pk for c in made]), YEAR)
    assert len(rows) == len(made)
    for row in rows:
        plan = FundPlan.objects.filter(community=row.community.pk, year=YEAR).first()
        registry = SpaceRegistry.objects.filter(community=row.community.pk, year=YEAR).first()
        assert _fund(row.fund) == _fund(plan_verdict(plan) if plan else None)
        assert _space(row.space) == _space(registry_verdict(registry) if registry else None)
        assert (row.plan.pk if row.plan else None) == (plan.pk if plan else None)
        assert (row.registry.state if row.registry else None) == (
            registry.state if registry else None
        )


def test_compliance_reads_a_fixed_number_of_queries(shared):
    def queries(how_many: int) -> int:
        made = _make(
            [
                (
                    (
                        Decimal("1000.00"),
                        RecordState.DRAFT,
                        [
                            (
                                AllocationUse.PROJECT_BASED,
                                Decimal("600.00"),
                                (
                                    S.TERMINATED,
                                    Decimal("900.00"),
                                    Decimal("900.00"),
                                    Decimal("300.00"),
                                ),
                            ),
                            (AllocationUse.OFFICE, Decimal("100.00"), None),
                        ],
                    ),
                    [(RoomUse.HOME_CARE, Decimal("50.00"), True)],
                )
            ]
            * how_many,
            shared,
        )
        with CaptureQueriesContext(connection) as captured:
            rows = compliance_for(Community.objects.filter(pk__in=[c.pk for c in made]), YEAR)
        assert rows[0].fund.project_based == Decimal("200.00")  # 600 × 300 ÷ 900
        return len(captured)

    assert queries(2) == queries(8)


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_the_streamed_json_is_the_json_of_the_rows(shared, batch, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from community.management.commands import compliance

    monkeypatch.setattr(compliance, "BATCH", batch)  # rows written a batch at a time
    _make(
        [
            ((Decimal("1000.00"), RecordState.APPROVED, []), None),
            (None, [(RoomUse.HOME_CARE, Decimal("50.00"), True)]),
        ],
        shared,
    )
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("compliance", year=YEAR, format="json", stdout=out, stderr=StringIO())
    rows = compliance_for(Community.objects.all(), YEAR)
    expected = json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)
    assert out.getvalue().rstrip("\n") == expected

"""R1 and R2 at their boundaries, against their arithmetic definition, by year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from community import policy as rules
from community.models import AllocationUse, Policy, RoomUse
from grants.models import ProjectState
from tests.factories import district_policy, user_with_role

D = Decimal
DISTRICT = Policy(
    effective_year=2020,
    fund_amount=D("300000.00"),
    project_share_min=D("50.00"),
    designated_space_min=D("80.00"),
    home_care_space_min=D("40.00"),
    open_space_min=D("50.00"),
)


def _fund(*amounts, fund="300000.00", policy=DISTRICT):
    allocations = [rules.AllocationFigures(AllocationUse.PROJECT_BASED, D(a)) for a in amounts]
    allocations.append(rules.AllocationFigures(AllocationUse.ACTIVITIES, D("1000.00")))
    return rules.fund_verdict(fund=D(fund), allocations=allocations, policy=policy)


def test_exactly_50_percent_passes():
    verdict = _fund("150000.00")
    assert verdict.passes
    assert verdict.share == D("50.00")


def test_49_99_percent_fails_with_the_numbers():
    verdict = _fund("149999.99")
    assert not verdict.passes
    assert verdict.share == D("49.99")
    assert verdict.problems == ["项目化运作 149,999.99 元，占 49.99%，低于 50%。"]
    assert verdict.shortfall == D("0.01")


def test_a_terminated_projects_allocation_counts_the_share_of_its_grant_paid():
    allocations = [
        rules.AllocationFigures(AllocationUse.PROJECT_BASED, D("100000.00")),
        rules.AllocationFigures(
            AllocationUse.PROJECT_BASED,
            D("60000.00"),
            ProjectState.TERMINATED,
            project_paid=D("60000.00"),
            project_amount=D("80000.00"),
        ),
    ]
    verdict = rules.fund_verdict(fund=D("300000.00"), allocations=allocations, policy=DISTRICT)
    assert verdict.project_based == D("145000.00")
    assert not verdict.passes
    assert verdict.shortfall == D("5000.00")


def _rooms(*rooms):
    return rules.space_verdict(
        rooms=[rules.RoomFigures(use, D(area), open_) for use, area, open_ in rooms],
        policy=DISTRICT,
    )


def test_80_percent_designated_passes_and_79_99_fails():
    passing = _rooms(
        (RoomUse.HOME_CARE, "40.00", True),
        (RoomUse.YOUTH, "40.00", True),
        (RoomUse.OFFICE, "20.00", False),
    )
    assert passing.passes
    failing = _rooms(
        (RoomUse.HOME_CARE, "4000.00", True),
        (RoomUse.YOUTH, "3999.00", True),
        (RoomUse.OFFICE, "2001.00", False),
    )
    assert not failing.passes
    assert failing.problems == ["指定用途用房 7,999.00 m²，占 79.99%，低于 80%。"]


def test_home_care_below_40_percent_fails_alone():
    verdict = _rooms(
        (RoomUse.HOME_CARE, "39.99", True),
        (RoomUse.CHARITY, "50.01", True),
        (RoomUse.OFFICE, "10.00", False),
    )
    assert [share.passes for share in verdict.shares] == [True, False, True]
    assert verdict.problems == ["社区居家养老用房 39.99 m²，占 39.99%，低于 40%。"]


def test_an_empty_registry_fails():
    assert _rooms().problems == ["尚未登记任何用房。"]


def test_a_later_policy_leaves_earlier_years_judged_by_their_own(db):
    Policy.objects.create(
        effective_year=2027,
        fund_amount=D("400000.00"),
        project_share_min=D("60.00"),
        designated_space_min=D("85.00"),
        home_care_space_min=D("40.00"),
        open_space_min=D("50.00"),
    )
    policy_2026 = Policy.objects.for_year(2026)
    policy_2027 = Policy.objects.for_year(2027)
    assert policy_2026.project_share_min == D("50.00")
    assert _fund("150000.00", policy=policy_2026).passes
    assert not _fund("150000.00", policy=policy_2027).passes
    assert Policy.objects.for_year(2019) is None


money = st.decimals(min_value=D("0.01"), max_value=D("300000.00"), places=2)
areas = st.decimals(min_value=D("0.01"), max_value=D("500.00"), places=2)


@given(st.lists(st.tuples(st.sampled_from(list(AllocationUse)), money), max_size=8))
def test_fund_verdict_equals_the_arithmetic_definition(allocations):
    figures = [rules.AllocationFigures(use, amount) for use, amount in allocations]
    verdict = rules.fund_verdict(fund=D("300000.00"), allocations=figures, policy=DISTRICT)
    project_based = sum((a for use, a in allocations if use == AllocationUse.PROJECT_BASED), D("0"))
    assert verdict.passes == (project_based / D("300000.00") >= D("0.5"))


@given(st.lists(st.tuples(st.sampled_from(list(RoomUse)), areas, st.booleans()), max_size=8))
def test_space_verdict_equals_the_arithmetic_definition(rooms):
    verdict = rules.space_verdict(
        rooms=[rules.RoomFigures(*room) for room in rooms], policy=DISTRICT
    )
    total = sum((area for _, area, _ in rooms), D("0"))
    designated = sum((a for use, a, _ in rooms if use in rules.DESIGNATED_USES), D("0"))
    home = sum((a for use, a, _ in rooms if use == RoomUse.HOME_CARE), D("0"))
    opened = sum((a for _, a, open_ in rooms if open_), D("0"))
    expected = total > 0 and (
        designated / total >= D("0.8") and home / total >= D("0.4") and opened / total >= D("0.5")
    )
    assert verdict.passes == expected


def test_admins_add_a_later_policy_but_cannot_rewrite_one_in_force(client, db):
    current = district_policy()
    client.force_login(user_with_role("admin", is_staff=True, is_superuser=True))
    next_year = timezone.localdate().year + 1
    response = client.post(
        reverse("admin:community_policy_add"),
        {
            "effective_year": next_year,
            "fund_amount": "350000.00",
            "project_share_min": "55.00",
            "designated_space_min": "80.00",
            "home_care_space_min": "40.00",
            "open_space_min": "50.00",
        },
    )
    assert response.status_code == 302
    assert Policy.objects.for_year(next_year).fund_amount == D("350000.00")
    change = client.post(
        reverse("admin:community_policy_change", args=[current.pk]),
        {
            "effective_year": 2020,
            "fund_amount": "1.00",
            "project_share_min": "1",
            "designated_space_min": "1",
            "home_care_space_min": "1",
            "open_space_min": "1",
        },
    )
    assert change.status_code == 403
    current.refresh_from_db()
    assert current.fund_amount == D("300000.00")


@pytest.mark.parametrize("years_from_now", [0, -1, -10])
def test_no_new_policy_takes_effect_in_a_year_under_way_or_past(client, db, years_from_now):
    district_policy()
    client.force_login(user_with_role("admin", is_staff=True, is_superuser=True))
    year = timezone.localdate().year + years_from_now
    response = client.post(
        reverse("admin:community_policy_add"),
        {
            "effective_year": year,
            "fund_amount": "1.00",
            "project_share_min": "1",
            "designated_space_min": "1",
            "home_care_space_min": "1",
            "open_space_min": "1",
        },
    )
    assert response.status_code == 200
    assert f"新政策最早从 {timezone.localdate().year + 1} 年起生效" in response.content.decode()
    assert not Policy.objects.filter(effective_year=year).exists()


def test_a_future_policy_cannot_be_moved_into_a_year_under_way(db):
    this_year = timezone.localdate().year
    future = Policy(
        effective_year=this_year + 1,
        fund_amount=D("300000.00"),
        project_share_min=D("50.00"),
        designated_space_min=D("80.00"),
        home_care_space_min=D("40.00"),
        open_space_min=D("50.00"),
    )
    future.full_clean()
    future.save()
    future.effective_year = this_year
    with pytest.raises(ValidationError) as refused:
        future.full_clean()
    assert "effective_year" in refused.value.message_dict
    past = Policy.objects.create(
        effective_year=this_year - 1,
        fund_amount=D("300000.00"),
        project_share_min=D("50.00"),
        designated_space_min=D("80.00"),
        home_care_space_min=D("40.00"),
        open_space_min=D("50.00"),
    )
    past.fund_amount = D("1.00")
    with pytest.raises(ValidationError, match="不能再修改"):
        past.full_clean()

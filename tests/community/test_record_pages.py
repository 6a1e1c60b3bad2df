"""The plan and registry pages as their keepers use them: a refusal comes back where it was
typed, with what was typed, and never turns a change into an addition."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from community import plans, spaces
from community.models import Allocation, AllocationUse, Room, RoomUse
from grants.models import ProjectState
from tests.factories import FundPlanFactory, ProjectFactory, SpaceRegistryFactory, user_with_role

D = Decimal


@pytest.fixture
def plan(db):
    return FundPlanFactory()


@pytest.fixture
def keeper(plan):
    return user_with_role(Role.COMMUNITY_STAFF, community=plan.community)


def _approved_at_half(plan, keeper):
    project = ProjectFactory(
        community=plan.community,
        state=ProjectState.IN_PROGRESS,
        requested_amount=D("200000.00"),
        approved_amount=D("200000.00"),
    )
    funded = plans.save_allocation(
        plan=plan,
        allocation=Allocation(use=AllocationUse.PROJECT_BASED, project=project, amount=D("150000")),
        by=keeper,
    )
    plans.submit_plan(plan=plan, by=keeper)
    plans.approve_plan(plan=plan, by=user_with_role(Role.OFFICER))
    return funded, project


def test_a_refused_change_comes_back_on_its_edit_page_not_as_an_addition(client, plan, keeper):
    funded, project = _approved_at_half(plan, keeper)
    client.force_login(keeper)
    url = reverse("community:allocation_edit", args=[plan.pk, funded.pk])

    response = client.post(
        url,
        {"use": AllocationUse.PROJECT_BASED, "project": project.pk, "amount": "149000.00"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "149,000.00" in page  # the refusal names the numbers
    assert 'value="149000.00"' in page  # what was typed is kept
    assert f'name="item" value="{funded.pk}"' in page  # still the same allocation
    assert reverse("community:allocation_add", args=[plan.pk]) not in page
    assert plan.allocations.count() == 1
    funded.refresh_from_db()
    assert funded.amount == D("150000.00")


def test_a_refused_new_allocation_comes_back_in_the_add_form(client, plan, keeper):
    _approved_at_half(plan, keeper)
    client.force_login(keeper)

    response = client.post(
        reverse("community:allocation_add", args=[plan.pk]),
        {"use": AllocationUse.OTHER, "amount": "200000.00"},  # more than the fund left
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="200000.00"' in page
    assert reverse("community:allocation_add", args=[plan.pk]) in page
    assert plan.allocations.count() == 1


def test_a_refused_room_change_comes_back_on_its_edit_page(client, db):
    registry = SpaceRegistryFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=registry.community)
    rooms = [
        ("居家养老服务站", RoomUse.HOME_CARE, "45.00", True),
        ("青少年活动室", RoomUse.YOUTH, "35.00", True),
        ("办公室", RoomUse.OFFICE, "20.00", False),
    ]
    for name, use, area, open_ in rooms:
        spaces.save_room(
            registry=registry,
            room=Room(name=name, use=use, area=D(area), open_to_organisations=open_),
            by=keeper,
        )
    spaces.submit_registry(registry=registry, by=keeper)
    spaces.approve_registry(registry=registry, by=user_with_role(Role.OFFICER))
    office = registry.rooms.get(use=RoomUse.OFFICE)
    client.force_login(keeper)

    response = client.post(
        reverse("community:room_edit", args=[registry.pk, office.pk]),
        {"name": "办公室", "use": RoomUse.OFFICE, "area": "60.00"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert f'name="item" value="{office.pk}"' in page
    assert 'value="60.00"' in page
    assert registry.rooms.count() == 3


def test_an_invalid_change_stays_on_its_edit_page_with_the_message(client, plan, keeper):
    funded, project = _approved_at_half(plan, keeper)
    client.force_login(keeper)

    response = client.post(
        reverse("community:allocation_edit", args=[plan.pk, funded.pk]),
        {"use": AllocationUse.PROJECT_BASED, "project": project.pk, "amount": "abc"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="abc"' in page
    assert f'name="item" value="{funded.pk}"' in page


def test_a_non_positive_amount_is_told_not_swallowed(client, plan, keeper):
    client.force_login(keeper)

    response = client.post(
        reverse("community:allocation_add", args=[plan.pk]),
        {"use": AllocationUse.OTHER, "amount": "0"},
    )

    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()
    assert not plan.allocations.exists()


def test_the_edit_page_shows_the_verdict_at_once(client, plan, keeper):
    funded, _project = _approved_at_half(plan, keeper)
    client.force_login(keeper)

    page = client.get(reverse("community:allocation_edit", args=[plan.pk, funded.pk]))

    assert 'hx-trigger="load, input' in page.content.decode()


def test_the_compliance_menu_item_is_marked_on_this_years_page_too(client, keeper):
    client.force_login(keeper)

    page = client.get(reverse("community:compliance")).content.decode()

    assert f'href="{reverse("community:compliance")}" aria-current="page"' in page


def test_a_year_without_a_policy_says_so_and_not_that_the_area_is_empty(client, keeper):
    client.force_login(keeper)

    page = client.get(reverse("community:compliance", args=[1999])).content.decode()

    assert "1999" in page
    assert "No community in your area." not in page
    assert "您的辖区内没有社区" not in page

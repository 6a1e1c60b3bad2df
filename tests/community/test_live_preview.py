"""The live verdict beside the allocation and room forms: what the rule would say if the
typed item were saved, computed by the same checks as saving, and nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from community import plans, spaces
from community.models import Allocation, AllocationUse, Room, RoomUse
from grants.models import ProjectState
from tests.factories import (
    FundPlanFactory,
    ProjectFactory,
    SpaceRegistryFactory,
    user_with_role,
)

D = Decimal


@pytest.fixture
def plan(db):
    return FundPlanFactory()


@pytest.fixture
def keeper(plan):
    return user_with_role(Role.COMMUNITY_STAFF, community=plan.community)


def _project(plan):
    return ProjectFactory(
        community=plan.community,
        state=ProjectState.IN_PROGRESS,
        requested_amount=D("200000.00"),
        approved_amount=D("200000.00"),
    )


def _approved(plan, keeper):
    project = _project(plan)
    funded = plans.save_allocation(
        plan=plan,
        allocation=Allocation(use=AllocationUse.PROJECT_BASED, project=project, amount=D("150000")),
        by=keeper,
    )
    plans.submit_plan(plan=plan, by=keeper)
    return plans.approve_plan(plan=plan, by=user_with_role(Role.OFFICER)), funded, project


def _preview(client, plan, data):
    return client.post(reverse("community:allocation_preview", args=[plan.pk]), data)


def test_a_new_allocation_shows_the_share_it_would_give(client, plan, keeper):
    project = _project(plan)
    client.force_login(keeper)

    response = _preview(
        client,
        plan,
        {"use": AllocationUse.PROJECT_BASED, "project": project.pk, "amount": "150000"},
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-would-save="true"' in text
    assert "50.00%" in text
    assert not plan.allocations.exists()


def test_an_amendment_that_breaks_an_approved_plan_says_it_would_be_refused(client, plan, keeper):
    plan, funded, project = _approved(plan, keeper)
    client.force_login(keeper)

    response = _preview(
        client,
        plan,
        {
            "item": funded.pk,
            "use": AllocationUse.PROJECT_BASED,
            "project": project.pk,
            "amount": "149999.99",
        },
    )

    text = response.content.decode()
    assert 'data-would-save="false"' in text
    assert "149,999.99" in text
    assert "49.99%" in text
    funded.refresh_from_db()
    assert funded.amount == D("150000.00")


def test_what_the_preview_refuses_saving_refuses_too(plan, keeper):
    plan, funded, project = _approved(plan, keeper)
    changed = Allocation(pk=funded.pk, use=funded.use, project=project, amount=D("149999.99"))

    preview = plans.preview_allocation(plan=plan, allocation=changed)

    with pytest.raises(plans.Refused) as refused:
        plans.save_allocation(plan=plan, allocation=changed, by=keeper)
    assert preview.refusals == refused.value.problems


@pytest.mark.parametrize(
    "data",
    [
        {"use": AllocationUse.ACTIVITIES, "amount": "abc"},
        {"use": AllocationUse.ACTIVITIES, "amount": "1e400"},
        {"use": "nonsense", "amount": "10"},
        {},
    ],
)
def test_unfinished_or_bad_input_asks_for_the_fields_never_a_500(client, plan, keeper, data):
    client.force_login(keeper)

    response = _preview(client, plan, data)

    assert response.status_code == 200
    assert 'data-testid="preview"' not in response.content.decode()


def test_an_item_of_another_plan_or_a_bad_item_is_a_404(client, plan, keeper):
    other = FundPlanFactory()
    foreign = Allocation.objects.create(plan=other, use=AllocationUse.OTHER, amount=D("1.00"))
    client.force_login(keeper)
    data = {"use": AllocationUse.OTHER, "amount": "10"}

    assert _preview(client, plan, {**data, "item": foreign.pk}).status_code == 404
    assert _preview(client, plan, {**data, "item": "1; drop"}).status_code == 404


def test_only_the_keeper_of_an_editable_plan_may_preview(client, plan, keeper):
    data = {"use": AllocationUse.OTHER, "amount": "10"}
    client.force_login(user_with_role(Role.OFFICER))
    assert _preview(client, plan, data).status_code == 403
    client.force_login(user_with_role(Role.COMMUNITY_STAFF, community=FundPlanFactory().community))
    assert _preview(client, plan, data).status_code == 404
    plans.save_allocation(
        plan=plan,
        allocation=Allocation(
            use=AllocationUse.PROJECT_BASED, project=_project(plan), amount=D("150000")
        ),
        by=keeper,
    )
    plans.submit_plan(plan=plan, by=keeper)
    client.force_login(keeper)
    assert _preview(client, plan, data).status_code == 403


def test_a_room_preview_shows_the_space_shares(client, db):
    registry = SpaceRegistryFactory()
    keeper = user_with_role(Role.COMMUNITY_STAFF, community=registry.community)
    spaces.save_room(
        registry=registry,
        room=Room(name="办公室", use=RoomUse.OFFICE, area=D("60.00")),
        by=keeper,
    )
    client.force_login(keeper)

    response = client.post(
        reverse("community:room_preview", args=[registry.pk]),
        {"name": "居家养老服务站", "use": RoomUse.HOME_CARE, "area": "40.00"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "40.00%" in text  # home care: 40 of 100 m²
    assert registry.rooms.count() == 1


def test_the_plan_page_offers_the_live_preview_to_its_keeper_only(client, plan, keeper):
    url = reverse("community:plan", args=[plan.pk])
    client.force_login(keeper)
    assert (
        reverse("community:allocation_preview", args=[plan.pk]) in client.get(url).content.decode()
    )
    client.force_login(user_with_role(Role.OFFICER))
    assert 'data-testid="live-preview"' not in client.get(url).content.decode()

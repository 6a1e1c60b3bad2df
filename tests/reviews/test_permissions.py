"""The reviews and experts predicates: officers keep the pool and the panels, an expert
scores only its own sheet while seated, community staff survey their own projects."""

import pytest

from accounts.models import Role
from experts import permissions as expert_permissions
from experts.models import Expert, Stage
from grants.models import ProjectState
from reviews import panels, permissions, sheets
from reviews.models import Panel
from tests.factories import CallFactory, ProjectFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [
    Role.APPLICANT,
    Role.EXPERT,
    Role.OFFICER,
    Role.FINANCE,
    Role.STREET_STAFF,
    Role.COMMUNITY_STAFF,
    Role.ADMIN,
]


def _expert(number: int = 0) -> Expert:
    user = UserFactory(roles=[Role.EXPERT])
    return Expert.objects.create(
        user=user, name=f"评委{number}", affiliation="大学", fields=["finance"]
    )


@pytest.fixture
def panel(officer):
    for number in range(3):
        _expert(number)
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    return Panel.objects.select_related("project").get()


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_and_administrators_manage_panels_and_the_pool(role):
    user = user_with_role(role)
    allowed = role in {Role.OFFICER, Role.ADMIN}
    assert permissions.can_manage_panels(user) is allowed
    assert expert_permissions.can_manage_experts(user) is allowed


def test_reviewing_needs_the_role_and_a_profile():
    assert not permissions.can_review(user_with_role(Role.EXPERT))  # no profile yet
    expert = _expert()
    assert permissions.can_review(expert.user)
    expert.user.role_assignments.all().delete()
    expert.user.__dict__.pop("roles", None)
    assert not permissions.can_review(expert.user)  # a profile without the role


def test_an_expert_scores_only_its_own_sheet_while_seated(panel):
    first, second = panel.members.select_related("expert__user")[:2]
    sheet = sheets.sheet_for(panel=panel, by=first.expert.user)
    assert permissions.may_score(first.expert.user, sheet)
    assert not permissions.may_score(second.expert.user, sheet)
    assert list(permissions.seated_panels(first.expert.user)) == [panel]
    assert not permissions.seated_panels(_expert(9).user).exists()
    panels.recuse(expert=first.expert, project=panel.project, by=first.expert.user, reason="亲属")
    assert not permissions.may_score(first.expert.user, sheet)
    assert not permissions.seated_panels(first.expert.user).exists()


def test_experts_recuse_themselves_only(panel, officer):
    member = panel.members.select_related("expert").first()
    assert permissions.may_recuse(member.expert.user, member.expert)
    assert not permissions.may_recuse(officer, member.expert)


def test_satisfaction_is_entered_by_the_projects_community_while_it_runs():
    project = ProjectFactory(state=ProjectState.IN_PROGRESS)
    own = user_with_role(Role.COMMUNITY_STAFF, community=project.community)
    assert permissions.may_enter_satisfaction(own, project)
    assert not permissions.may_enter_satisfaction(user_with_role(Role.COMMUNITY_STAFF), project)
    assert not permissions.may_enter_satisfaction(user_with_role(Role.OFFICER), project)
    draft = ProjectFactory(community=project.community)
    assert not permissions.may_enter_satisfaction(own, draft)

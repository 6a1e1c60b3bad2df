"""Every transition, from every state, for every role: allowed or refused.

The expected table is written here independently of the model, from DESIGN.md.
"""

import pytest
from django_fsm import has_transition_perm

from accounts.models import Role
from grants.models import ProjectState
from tests.factories import ProjectFactory, SocialOrganisationFactory, UserFactory, user_with_role

S = ProjectState
MEMBER, OFFICER, FINANCE = "member", "officer", "finance"

# transition: (source states, who may fire it)
EXPECTED = {
    "submit": ({S.DRAFT, S.RETURNED}, MEMBER),
    "return_for_revision": ({S.SUBMITTED}, OFFICER),
    "mark_ineligible": ({S.SUBMITTED}, OFFICER),
    "accept_for_review": ({S.SUBMITTED}, OFFICER),
    "approve": ({S.UNDER_REVIEW}, OFFICER),
    "reject": ({S.UNDER_REVIEW, S.APPROVED}, OFFICER),
    "sign_agreement": ({S.APPROVED}, OFFICER),
    "start": ({S.CONTRACTED}, FINANCE),
    "open_midterm": ({S.IN_PROGRESS}, OFFICER),
    "pass_midterm": ({S.MIDTERM_REVIEW}, OFFICER),
    "require_rectification": ({S.MIDTERM_REVIEW}, OFFICER),
    "resubmit_rectification": ({S.RECTIFYING}, MEMBER),
    "open_final": ({S.IN_PROGRESS}, OFFICER),
    "close": ({S.FINAL_REVIEW}, OFFICER),
    "terminate": ({S.CONTRACTED, S.IN_PROGRESS, S.MIDTERM_REVIEW, S.RECTIFYING}, OFFICER),
    "withdraw": ({S.DRAFT, S.SUBMITTED, S.RETURNED}, MEMBER),
}

ROLE_NAMES = [
    "member",
    "other_applicant",
    "officer",
    "admin",
    "finance",
    "expert",
    "street_staff",
    "community_staff",
]


def _allowed_roles(who: str) -> set[str]:
    return {MEMBER: {"member"}, OFFICER: {"officer", "admin"}, FINANCE: {"finance"}}[who]


def test_the_machine_has_exactly_the_designed_states_and_transitions():
    from grants.models import Project

    field = Project._meta.get_field("state")
    names = {transition.name for transition in field.get_all_transitions(Project)}
    assert names == set(EXPECTED)
    assert len(ProjectState.values) == 15


@pytest.fixture
def people(db):
    organisation = SocialOrganisationFactory()
    return organisation, {
        "member": UserFactory(roles=[Role.APPLICANT], organisations=[organisation]),
        "other_applicant": user_with_role(Role.APPLICANT),
        "officer": user_with_role(Role.OFFICER),
        "admin": user_with_role(Role.ADMIN),
        "finance": user_with_role(Role.FINANCE),
        "expert": user_with_role(Role.EXPERT),
        "street_staff": user_with_role(
            Role.STREET_STAFF, street=organisation.home_community.street
        ),
        "community_staff": user_with_role(
            Role.COMMUNITY_STAFF, community=organisation.home_community
        ),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_transition_is_offered_to_exactly_the_right_role_in_exactly_its_states(people, name):
    organisation, users = people
    sources, who = EXPECTED[name]
    mismatches = []
    for state in ProjectState.values:
        project = ProjectFactory(
            organisation=organisation,
            state=state,
            midterm_passed=(name == "open_final"),
            budget=[],
        )
        for role in ROLE_NAMES:
            expected = state in sources and role in _allowed_roles(who)
            actual = has_transition_perm(getattr(project, name), users[role])
            if actual != expected:
                mismatches.append((state, role, expected, actual))
    assert mismatches == []


def test_final_assessment_needs_the_midterm_passed(people):
    organisation, users = people
    project = ProjectFactory(organisation=organisation, state=S.IN_PROGRESS, midterm_passed=False)
    assert not has_transition_perm(project.open_final, users["officer"])
    assert has_transition_perm(project.open_midterm, users["officer"])

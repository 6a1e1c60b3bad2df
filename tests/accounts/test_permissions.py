import pytest

from accounts import permissions
from accounts.models import Role
from tests.factories import (
    CommunityFactory,
    SocialOrganisationFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    """Two streets with two communities each and an organisation in every community."""
    streets = [StreetFactory(), StreetFactory()]
    communities = [CommunityFactory(street=street) for street in streets for _ in range(2)]
    organisations = [SocialOrganisationFactory(home_community=c) for c in communities]
    return streets, communities, organisations


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICER, Role.FINANCE])
def test_district_wide_roles_see_every_organisation(region, role):
    *_, organisations = region
    user = user_with_role(role)
    assert set(permissions.visible_organisations(user)) == set(organisations)


def test_street_staff_see_only_organisations_of_their_street(region):
    streets, _, organisations = region
    user = user_with_role(Role.STREET_STAFF, street=streets[0])
    assert set(permissions.visible_organisations(user)) == set(organisations[:2])


def test_community_staff_see_only_their_community(region):
    _, communities, organisations = region
    user = user_with_role(Role.COMMUNITY_STAFF, community=communities[3])
    assert list(permissions.visible_organisations(user)) == [organisations[3]]
    assert list(permissions.visible_communities(user)) == [communities[3]]


def test_applicant_sees_only_own_organisations(region):
    *_, organisations = region
    user = user_with_role(Role.APPLICANT, organisations=[organisations[1], organisations[2]])
    assert set(permissions.visible_organisations(user)) == {organisations[1], organisations[2]}
    assert not permissions.can_view_organisation(user, organisations[0])


def test_expert_sees_no_organisation(region):
    assert not permissions.visible_organisations(user_with_role(Role.EXPERT)).exists()


def test_scopes_of_several_roles_add_up(region):
    _, communities, organisations = region
    user = UserFactory(
        roles=[Role.APPLICANT, Role.COMMUNITY_STAFF],
        community=communities[2],
        organisations=[organisations[0]],
    )
    assert set(permissions.visible_organisations(user)) == {organisations[0], organisations[2]}


def test_staff_role_without_region_sees_nothing(region):
    user = UserFactory(roles=[Role.STREET_STAFF, Role.COMMUNITY_STAFF])
    assert not permissions.is_street_staff(user)
    assert not permissions.visible_organisations(user).exists()
    assert not permissions.visible_communities(user).exists()


def test_inactive_user_has_no_role_and_sees_nothing(region):
    user = user_with_role(Role.OFFICER, is_active=False)
    assert not permissions.is_officer(user)
    assert not permissions.visible_organisations(user).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMIN, {"is_admin", "is_officer", "is_district_wide", "can_browse_organisations"}),
        (Role.OFFICER, {"is_officer", "is_district_wide", "can_browse_organisations"}),
        (Role.FINANCE, {"is_finance", "is_district_wide", "can_browse_organisations"}),
        (Role.STREET_STAFF, {"is_street_staff", "can_browse_organisations"}),
        (Role.COMMUNITY_STAFF, {"is_community_staff", "can_browse_organisations"}),
        (Role.APPLICANT, {"is_applicant"}),
        (Role.EXPERT, {"is_expert"}),
    ],
)
def test_role_predicates(role, expected):
    predicates = [
        "is_admin",
        "is_officer",
        "is_finance",
        "is_district_wide",
        "is_applicant",
        "is_expert",
        "is_street_staff",
        "is_community_staff",
        "can_browse_organisations",
    ]
    user = user_with_role(role)
    assert {name for name in predicates if getattr(permissions, name)(user)} == expected


def test_members_are_shown_to_officers_and_colleagues_only(region):
    *_, organisations = region
    colleague = user_with_role(Role.APPLICANT, organisations=[organisations[0]])
    assert permissions.can_view_members(colleague, organisations[0])
    assert permissions.can_view_members(user_with_role(Role.OFFICER), organisations[0])
    assert not permissions.can_view_members(user_with_role(Role.FINANCE), organisations[0])
    assert not permissions.can_view_members(
        user_with_role(Role.STREET_STAFF, street=organisations[0].home_community.street),
        organisations[0],
    )


def test_staff_of_a_community_is_its_community_staff_only(region):
    streets, communities, _ = region
    staff = user_with_role(Role.COMMUNITY_STAFF, community=communities[0])
    assert permissions.is_staff_of_community(staff, communities[0].pk)
    assert not permissions.is_staff_of_community(staff, communities[1].pk)
    assert not permissions.is_staff_of_community(staff, None)
    for other in (
        user_with_role(Role.STREET_STAFF, street=streets[0]),
        user_with_role(Role.OFFICER),
        user_with_role(Role.ADMIN),
        UserFactory(roles=[Role.APPLICANT], community=communities[0]),
        user_with_role(Role.COMMUNITY_STAFF, community=communities[0], is_active=False),
    ):
        assert not permissions.is_staff_of_community(other, communities[0].pk)

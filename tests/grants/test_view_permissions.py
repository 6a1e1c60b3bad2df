"""Who gets which grants page: the right role gets it, every other role a 403, and a row
outside one's scope a 404. A new grants URL fails the first test until it is added here."""

from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from accounts.models import Role
from community.models import Allocation, Room
from grants import payments
from grants.models import Attachment, ProjectState
from tests.factories import (
    CommunityFactory,
    FundPlanFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    SpaceRegistryFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
)

PEOPLE = [
    "member",
    "other_applicant",
    "officer",
    "admin",
    "finance",
    "expert",
    "street",
    "other_street",
    "community",
    "other_community",
]
EVERYONE_IN_SCOPE = {"member", "officer", "admin", "finance", "street", "community"}
OUT_OF_SCOPE = {"other_applicant", "expert", "other_street", "other_community"}


def _expect(ok: set[str], forbidden_in_scope: int = 403, ok_status: int = 200) -> dict:
    """ok → ok_status; in scope but not allowed → 403; out of scope → 404."""
    return {
        person: ok_status
        if person in ok
        else (404 if person in OUT_OF_SCOPE else forbidden_in_scope)
        for person in PEOPLE
    }


OFFICERS = {"officer", "admin"}
MONEY = {"officer", "admin", "finance"}


REGION_VIEWERS = {
    "officer",
    "admin",
    "finance",
    "street",
    "other_street",
    "community",
    "other_community",
}


def _region(ok: set[str], ok_status: int = 200) -> dict:
    """A community's plan: officers, finance and the region's staff see it (403 when they may
    not act), everyone else gets a 404."""
    in_scope = {"officer", "admin", "finance", "street", "community"}
    return {
        person: ok_status if person in ok else (403 if person in in_scope else 404)
        for person in PEOPLE
    }


def _community_staff_start() -> dict:
    """Community staff start their own community's plan or registry; nobody else may."""
    return {p: 302 if p in {"community", "other_community"} else 403 for p in PEOPLE}


RECORD_VIEWERS = {"officer", "admin", "finance", "street", "community"}


def _only(ok: set[str]) -> dict:
    """Pages that are not about one project: ok → 200, everyone else → 403."""
    return {person: 200 if person in ok else 403 for person in PEOPLE}


# url name: (method, object, expected status per person)
MATRIX = {
    "grants:project_list": ("get", None, dict.fromkeys(PEOPLE, 200)),
    "grants:project_detail": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_versions": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "grants:version_detail": ("get", "version", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_edit": ("get", "draft", _expect({"member"})),
    "grants:project_budget_total": ("post", "draft", _expect({"member"})),
    "grants:project_attach": ("post", "draft", _expect({"member"}, ok_status=302)),
    "grants:project_action": ("post", "action", _expect({"member"}, ok_status=302)),
    "grants:attachment_download": ("get", "attachment", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_create": ("get", None, _only({"member", "other_applicant"})),
    "grants:programme_list": ("get", None, _only(OFFICERS)),
    "grants:programme_create": ("get", None, _only(OFFICERS)),
    "grants:programme_edit": ("get", "programme", _only(OFFICERS)),
    "grants:call_list": ("get", None, _only(OFFICERS)),
    "grants:call_create": ("get", None, _only(OFFICERS)),
    "grants:call_detail": ("get", "call", _only(OFFICERS)),
    "grants:call_edit": ("get", "call", _only(OFFICERS)),
    "grants:tranche_ledger": ("get", None, _only(MONEY)),
    "grants:record_payment": ("get", "tranche", _expect({"finance"})),
    "grants:publicity": ("get", None, dict.fromkeys(PEOPLE, 200)),
    # The community app's pages
    "community:compliance_now": ("get", None, _only(REGION_VIEWERS)),
    "community:compliance": ("get", "year", _only(REGION_VIEWERS)),
    "community:plan": ("get", "plan", _region(RECORD_VIEWERS)),
    "community:registry": ("get", "registry", _region(RECORD_VIEWERS)),
    "community:plan_create": ("post", None, _community_staff_start()),
    "community:registry_create": ("post", None, _community_staff_start()),
    "community:allocation_add": ("get", "plan", _region({"community"})),
    "community:allocation_edit": ("get", "allocation", _region({"community"})),
    "community:allocation_delete": ("post", "allocation", _region({"community"}, ok_status=302)),
    "community:room_add": ("get", "registry", _region({"community"})),
    "community:allocation_preview": ("post", "plan", _region({"community"})),
    "community:room_preview": ("post", "registry", _region({"community"})),
    "community:room_edit": ("get", "room", _region({"community"})),
    "community:room_delete": ("post", "room", _region({"community"}, ok_status=302)),
    # Submitting an empty draft is refused by its rule (409) for its keeper, 403 for the
    # rest; approving or returning a draft is refused by its state (409) for anyone in scope.
    "community:plan_submit": ("post", "plan", _region({"community"}, ok_status=409)),
    "community:plan_approve": ("post", "plan", _region(RECORD_VIEWERS, ok_status=409)),
    "community:plan_return": ("post", "plan", _region(RECORD_VIEWERS, ok_status=409)),
    "community:registry_submit": ("post", "registry", _region({"community"}, ok_status=409)),
    "community:registry_approve": ("post", "registry", _region(RECORD_VIEWERS, ok_status=409)),
    "community:registry_return": ("post", "registry", _region(RECORD_VIEWERS, ok_status=409)),
}


@pytest.mark.parametrize("namespace", ["grants", "community"])
def test_every_url_is_in_the_matrix(namespace):
    names = {
        f"{namespace}:{name}"
        for name in get_resolver().namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == {name for name in MATRIX if name.startswith(f"{namespace}:")}


@pytest.fixture
def world(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    street, other_street = StreetFactory(), StreetFactory()
    community = CommunityFactory(street=street)
    other_community = CommunityFactory(street=street)
    organisation = SocialOrganisationFactory(home_community=community)
    people = {
        "member": UserFactory(roles=[Role.APPLICANT], organisations=[organisation]),
        "other_applicant": user_with_role(Role.APPLICANT),
        "officer": user_with_role(Role.OFFICER),
        "admin": user_with_role(Role.ADMIN),
        "finance": user_with_role(Role.FINANCE),
        "expert": user_with_role(Role.EXPERT),
        "street": user_with_role(Role.STREET_STAFF, street=street),
        "other_street": user_with_role(Role.STREET_STAFF, street=other_street),
        "community": user_with_role(Role.COMMUNITY_STAFF, community=community),
        "other_community": user_with_role(Role.COMMUNITY_STAFF, community=other_community),
    }
    draft = ProjectFactory(organisation=organisation)
    contracted = ProjectFactory(
        organisation=organisation,
        state=ProjectState.CONTRACTED,
        approved_amount=Decimal("90000.00"),
    )
    payments.create_schedule(contracted)
    from grants import versions

    version = versions.freeze(draft, by=people["member"])
    attachment = Attachment.objects.create(
        project=draft,
        kind="supporting",
        file="attachments/x.pdf",
        original_name="x.pdf",
        extension=".pdf",
        storage_token="t1",
        size=9,
        uploaded_by=people["member"],
    )
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    plan = FundPlanFactory(community=community)
    allocation = Allocation.objects.create(plan=plan, use="activities", amount=Decimal("100.00"))
    registry = SpaceRegistryFactory(community=community)
    room = Room.objects.create(registry=registry, name="活动室", use="youth", area=Decimal("10"))
    objects = {
        "year": [2026],
        "plan": [plan.pk],
        "allocation": [plan.pk, allocation.pk],
        "registry": [registry.pk],
        "room": [registry.pk, room.pk],
        "draft": [draft.pk],
        "version": [draft.pk, version.number],
        "action": [draft.pk, "withdraw"],
        "attachment": [attachment.pk],
        "programme": [draft.call.programme_id],
        "call": [draft.call_id],
        "tranche": [contracted.tranches.get(sequence=1).pk],
    }
    return people, objects


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_person_gets_the_expected_answer(client, world, url_name):
    people, objects = world
    method, obj, expected = MATRIX[url_name]
    url = reverse(url_name, args=objects[obj] if obj else [])
    actual = {}
    # Those who may act go last: a successful action changes things for everyone after.
    actor = "community" if url_name.startswith("community:") else "member"
    for person in sorted(PEOPLE, key=lambda person: person == actor):
        client.force_login(people[person])
        response = client.get(url) if method == "get" else client.post(url, {"kind": "supporting"})
        actual[person] = response.status_code
    assert actual == expected

"""Who gets which grants page: the right role gets it, every other role a 403, and a row
outside one's scope a 404. A new grants URL fails the first test until it is added here."""

from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from accounts.models import Role
from grants import payments
from grants.models import Allocation, Attachment, ProjectState
from tests.factories import (
    CommunityFactory,
    FundPlanFactory,
    ProjectFactory,
    SocialOrganisationFactory,
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
    "grants:compliance_now": ("get", None, _only(REGION_VIEWERS)),
    "grants:compliance": ("get", "year", _only(REGION_VIEWERS)),
    "grants:community_record": (
        "get",
        "plan",
        _region({"officer", "admin", "finance", "street", "community"}),
    ),
    "grants:community_record_create": (
        "post",
        "kind",
        {p: 302 if p in {"community", "other_community"} else 403 for p in PEOPLE},
    ),
    "grants:community_item_add": ("get", "plan", _region({"community"})),
    "grants:community_item_edit": ("get", "allocation", _region({"community"})),
    "grants:community_item_delete": ("post", "allocation", _region({"community"}, ok_status=302)),
    "grants:community_record_action": (
        "post",
        "plan_submit",
        _region({"community"}, ok_status=409),
    ),
}


def test_every_grants_url_is_in_the_matrix():
    names = {
        f"grants:{name}"
        for name in get_resolver().namespace_dict["grants"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(MATRIX)


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
    objects = {
        "year": [2026],
        "kind": ["plans"],
        "plan": ["plans", plan.pk],
        "plan_submit": ["plans", plan.pk, "submit"],
        "allocation": ["plans", plan.pk, allocation.pk],
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
    actor = "community" if url_name.startswith("grants:community") else "member"
    for person in sorted(PEOPLE, key=lambda person: person == actor):
        client.force_login(people[person])
        response = client.get(url) if method == "get" else client.post(url, {"kind": "supporting"})
        actual[person] = response.status_code
    assert actual == expected

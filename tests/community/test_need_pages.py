"""The needs pages: recording (and refusing a need without a community), the street's
batch, screening (and refusing one without the four parts), placing, evidence, and the
traceability pages at a fixed number of queries whatever the number of rows."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from community import screening
from community.models import GuideItemDraft, Need, NeedEvidence, NeedState
from grants.models import Grade, ProjectState
from tests.factories import (
    CallFactory,
    CommunityFactory,
    GuideItemDraftFactory,
    NeedFactory,
    ProjectFactory,
    StreetFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
N = NeedState


@pytest.fixture
def area():
    street = StreetFactory()
    return street, CommunityFactory(street=street), CommunityFactory(street=street)


@pytest.fixture
def community_staff(area):
    return user_with_role(Role.COMMUNITY_STAFF, community=area[1])


@pytest.fixture
def street_staff(area):
    return user_with_role(Role.STREET_STAFF, street=area[0])


NEED_DATA = {
    "channel": "hotline",
    "category": "elderly",
    "title": "3号楼独居老人就餐难",
    "description": "12345工单：3号楼独居老人做饭困难",
    "people_affected": "25",
    "affected_group": "独居老人",
    "source_reference": "2026031200123",
    "found_on": "2026-03-12",
}


def test_community_staff_record_a_need_of_their_own_community(client, area, community_staff):
    client.force_login(community_staff)
    page = client.get(reverse("community:need_create"))
    assert list(page.context["form"].fields["community"].queryset) == [area[1]]
    response = client.post(reverse("community:need_create"), {**NEED_DATA, "community": area[1].pk})
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert (need.community, need.state, need.created_by) == (area[1], N.DRAFT, community_staff)
    assert need.logs.get().action == "create"


def test_a_need_without_a_community_is_refused_by_its_field_and_keeps_the_text(
    client, street_staff
):
    client.force_login(street_staff)
    response = client.post(reverse("community:need_create"), NEED_DATA)
    assert response.status_code == 400
    assert response.context["form"].errors["community"] == ["请选择发现需求的社区。"]
    assert "3号楼独居老人就餐难" in response.content.decode()
    assert not Need.objects.exists()


def test_a_community_outside_ones_area_cannot_be_chosen(client, community_staff):
    client.force_login(community_staff)
    elsewhere = CommunityFactory()
    response = client.post(
        reverse("community:need_create"), {**NEED_DATA, "community": elsewhere.pk}
    )
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_reporting_from_the_page_and_the_street_forwards_a_batch(
    client, area, community_staff, street_staff
):
    drafts = [NeedFactory(community=area[1]) for _ in range(2)]
    client.force_login(community_staff)
    for need in drafts:
        response = client.post(
            reverse("community:need_action", args=[need.pk, "report"]), {"seen_state": "draft"}
        )
        assert response.status_code == 302
    client.force_login(street_staff)
    listing = client.get(reverse("community:need_list"), {"state": "reported"})
    assert listing.context["sorts"] is True
    assert {n.pk for n in listing.context["page"].object_list} == {n.pk for n in drafts}
    returned = client.post(
        reverse("community:need_batch"),
        {"need": [drafts[0].pk], "action": "return", "reason": ""},
    )
    assert returned.status_code == 400
    assert "请填写原因" in returned.content.decode()
    response = client.post(
        reverse("community:need_batch"),
        {"need": [n.pk for n in drafts], "action": "forward", "reason": "请区级统筹"},
    )
    assert response.status_code == 302
    assert set(Need.objects.values_list("state", flat=True)) == {N.FORWARDED}


def test_the_street_cannot_batch_a_need_of_another_street(client, street_staff):
    other = NeedFactory(state=N.REPORTED)
    client.force_login(street_staff)
    response = client.post(
        reverse("community:need_batch"), {"need": [other.pk], "action": "forward"}
    )
    assert response.status_code == 400
    assert Need.objects.get(pk=other.pk).state == N.REPORTED


def test_screening_without_the_four_parts_shows_each_by_its_field(client, area, officer):
    need = NeedFactory(community=area[1], state=N.FORWARDED)
    client.force_login(officer)
    page = client.get(reverse("community:screen"), {"need": need.pk})
    assert page.context["new_form"].initial["community"] == area[1].pk
    response = client.post(
        reverse("community:screen"),
        {
            "mode": "new",
            "need": need.pk,
            "title": "助餐",
            "category": "elderly",
            "community": area[1].pk,
            "suggested_budget": "50000",
        },
    )
    assert response.status_code == 400
    errors = response.context["new_form"].errors
    assert errors["target_group"] == ["请写明具体服务哪些人（对象要准）。"]
    assert errors["need_statement"] == ["请写明需求是什么（需求要清）。"]
    assert errors["service"] == ["请写明用什么服务回应（服务要实）。"]
    assert errors["goal"] == ["请写明要达到的目标（目标要明）。"]
    assert not GuideItemDraft.objects.exists()
    assert Need.objects.get(pk=need.pk).state == N.FORWARDED


def test_the_officer_screens_and_places_and_the_applicant_can_pick_the_item(client, area, officer):
    needs = [NeedFactory(community=area[1], state=N.FORWARDED) for _ in range(2)]
    client.force_login(officer)
    response = client.post(
        reverse("community:screen"),
        {
            "mode": "new",
            "need": [n.pk for n in needs],
            "title": "独居老人助餐",
            "category": "elderly",
            "community": area[1].pk,
            "target_group": "独居老人50人",
            "need_statement": "做饭难",
            "service": "助餐点",
            "goal": "日均50份",
            "suggested_budget": "80000.00",
        },
    )
    draft = GuideItemDraft.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    call = CallFactory()
    placed = client.post(reverse("community:guide_draft_place", args=[draft.pk]), {"call": call.pk})
    assert placed.status_code == 302
    draft.refresh_from_db()
    assert draft.guide_item.call == call
    project = ProjectFactory(call=call)
    from grants.forms import ProjectForm

    assert draft.guide_item in ProjectForm(instance=project).fields["guide_item"].queryset


def test_evidence_is_checked_by_content_and_downloaded_in_scope(
    client, area, community_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    need = NeedFactory(community=area[1])
    client.force_login(community_staff)
    url = reverse("community:need_evidence", args=[need.pk])
    fake = SimpleUploadedFile("ticket.pdf", b"not a pdf at all", "application/pdf")
    response = client.post(url, {"file": fake}, follow=True)
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not NeedEvidence.objects.exists()
    real = SimpleUploadedFile("ticket.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    client.post(url, {"file": real})
    evidence = NeedEvidence.objects.get()
    download = client.get(reverse("community:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(user_with_role(Role.COMMUNITY_STAFF, community=area[2]))
    assert client.get(reverse("community:evidence_download", args=[evidence.pk])).status_code == 404


# --- traceability at a fixed number of queries -----------------------------------------------


def _traced_needs(area, count: int, officer) -> GuideItemDraft:
    """``count`` needs screened into one draft placed in a call, a closed project took it,
    and as many needs merged into the first."""
    needs = [NeedFactory(community=area[1], state=N.FORWARDED) for _ in range(count)]
    draft = GuideItemDraftFactory(community=area[1])
    screening.screen_needs(needs=needs, draft=draft, by=officer)
    call = CallFactory()
    item = screening.place_draft(draft=draft, call=call, by=officer)
    for _ in range(count):
        ProjectFactory(
            call=call,
            guide_item=item,
            community=area[1],
            state=ProjectState.CLOSED,
            grade=Grade.GOOD,
            final_score=Decimal("85.00"),
        )
    from community import needs as use_cases

    for _ in range(count):
        merged = NeedFactory(community=area[1], state=N.FORWARDED)
        use_cases.merge_need(need=merged, into=needs[0], by=officer)
    return GuideItemDraft.objects.get(pk=draft.pk)


def _queries(client, url, **params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_need_list_with_what_became_of_each_runs_a_fixed_number_of_queries(
    client, area, officer
):
    """4 needs on the page (2 screened, 2 merged into one of them), then 24 (two drafts,
    a dozen projects each): the same number of queries."""
    _traced_needs(area, 2, officer)
    client.force_login(officer)
    url = reverse("community:need_list")
    few = _queries(client, url)
    _traced_needs(area, 10, officer)
    page = client.get(url)
    assert len(page.context["page"].object_list) == 24
    assert "良好" in page.content.decode()
    assert _queries(client, url) == few


def test_a_draft_page_runs_a_fixed_number_of_queries(client, area, officer):
    few = _traced_needs(area, 2, officer)
    many = _traced_needs(area, 12, officer)
    client.force_login(officer)
    counts = [
        _queries(client, reverse("community:guide_draft", args=[draft.pk])) for draft in (few, many)
    ]
    assert counts[0] == counts[1]
    page = client.get(reverse("community:guide_draft", args=[many.pk]))
    assert len(page.context["needs"]) == 24
    assert len(page.context["projects"]) == 12


def test_a_need_page_shows_the_grade_at_a_fixed_number_of_queries(client, area, officer):
    few = _traced_needs(area, 2, officer)
    many = _traced_needs(area, 12, officer)
    client.force_login(officer)
    counts = []
    for draft in (few, many):
        need = draft.needs.order_by("pk").first()
        merged = need.merged_needs.first()
        for shown in (need, merged):
            counts.append(_queries(client, reverse("community:need", args=[shown.pk])))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
    page = client.get(reverse("community:need", args=[merged.pk]))
    assert page.content.decode().count("良好") == 12


def test_a_project_page_lists_the_needs_it_answers_at_a_fixed_number_of_queries(
    client, area, officer
):
    few = _traced_needs(area, 2, officer)
    many = _traced_needs(area, 12, officer)
    client.force_login(officer)
    counts = []
    for draft in (few, many):
        project = draft.guide_item.projects.first()
        url = reverse("grants:project_detail", args=[project.pk])
        counts.append(_queries(client, url))
        section = next(
            s for s in client.get(url).context["sections"] if "project_section" in s.template
        )
        assert len(section.context["rows"]) == 2 * draft.needs.count()
    assert counts[0] == counts[1]


def test_an_applicant_sees_the_needs_on_the_project_page_without_links(client, area, officer):
    draft = _traced_needs(area, 1, officer)
    project = draft.guide_item.projects.get()
    from tests.factories import UserFactory

    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    client.force_login(member)
    page = client.get(reverse("grants:project_detail", args=[project.pk]))
    need = draft.needs.get()
    assert need.title in page.content.decode()
    assert need.get_absolute_url() not in page.content.decode()


def test_the_list_counts_each_state_under_the_other_filters(client, area, officer):
    NeedFactory(community=area[1], state=N.REPORTED, found_on=date(2026, 2, 1))
    NeedFactory(community=area[1], state=N.FORWARDED, found_on=date(2026, 2, 1))
    NeedFactory(community=area[2], state=N.FORWARDED, found_on=date(2026, 2, 1))
    NeedFactory(community=area[1], state=N.FORWARDED, found_on=date(2025, 2, 1))
    client.force_login(officer)
    page = client.get(
        reverse("community:need_list"),
        {"community": area[1].pk, "year": 2026, "state": "forwarded"},
    )
    assert page.context["page"].paginator.count == 1
    counts = {tab.get("state"): tab["count"] for tab in page.context["tabs"]}
    assert (counts[None], counts["reported"], counts["forwarded"]) == (2, 1, 1)


def test_the_list_export_has_the_rows_of_the_list(client, area, officer):
    from openpyxl import load_workbook

    _traced_needs(area, 2, officer)
    client.force_login(officer)
    response = client.get(reverse("reports:needs_xlsx"), {"state": "merged"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "街道", "社区")
    assert len(rows) == 1 + 2 + 1  # header, the merged needs, totals
    assert "良好" in rows[1][-1]

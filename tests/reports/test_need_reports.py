"""The 需求响应 figures (page and workbook read back), and the feedback to departments:
the workbook of referred and screened-but-unfunded needs, and the letter per department."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Role
from community import needs, screening
from community.models import NeedChannel, NeedState
from community.responses import need_response
from grants.models import Grade, GuideCategory, ProjectState
from tests.factories import (
    CallFactory,
    CommunityFactory,
    DepartmentFactory,
    GuideItemDraftFactory,
    NeedFactory,
    ProjectFactory,
    StreetFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
N = NeedState
D = Decimal


@pytest.fixture
def year_of_needs(officer):
    """Eight needs of 2026 in two streets: four screened into one draft (placed; a closed
    project graded 良好 took it), one merged into them, one referred to 区教育局, one
    declined, one still with the street; one screened need's draft is not placed; and a
    draft and a need of 2025 that the figures leave out."""
    east, west = StreetFactory(name="东街道"), StreetFactory(name="西街道")
    a, b = CommunityFactory(street=east), CommunityFactory(street=west)
    found = date(2026, 4, 1)

    def need(community, channel=NeedChannel.HOTLINE, category=GuideCategory.ELDERLY, **kw):
        kw.setdefault("state", N.FORWARDED)
        return NeedFactory(
            community=community, channel=channel, category=category, found_on=found, **kw
        )

    screened = [need(a), need(a), need(b, channel=NeedChannel.VISITS), need(b)]
    draft = GuideItemDraftFactory(community=a)
    screening.screen_needs(needs=screened, draft=draft, by=officer)
    call = CallFactory()
    item = screening.place_draft(draft=draft, call=call, by=officer)
    ProjectFactory(call=call, guide_item=item, state=ProjectState.CLOSED, grade=Grade.GOOD)
    needs.merge_need(need=need(a, channel=NeedChannel.GRID), into=screened[0], by=officer)
    education = DepartmentFactory(name="区教育局", categories=[GuideCategory.YOUTH])
    health = DepartmentFactory(name="区卫生健康委员会", categories=[GuideCategory.ELDERLY])
    needs.refer_need(
        need=need(b, category=GuideCategory.YOUTH, title="课后托管"),
        department=education,
        note="纳入课后服务",
        by=officer,
    )
    needs.decline_need(need=need(b), reason="已有服务覆盖", by=officer)
    need(a, state=N.REPORTED)
    unplaced = need(a, title="高龄老人助浴")
    screening.screen_needs(
        needs=[unplaced], draft=GuideItemDraftFactory(title="助浴服务", community=a), by=officer
    )
    NeedFactory(community=a, found_on=found)  # a draft: not yet a need
    NeedFactory(community=a, found_on=date(2025, 4, 1), state=N.REPORTED)  # another year
    return {"east": east, "west": west, "health": health, "education": education}


def test_the_figures_count_reported_needs_of_the_year_and_their_fate(year_of_needs):
    from community.models import Need

    response = need_response(Need.objects.all(), 2026)
    overall = response.overall
    assert (overall.total, overall.screened, overall.funded, overall.passed) == (9, 6, 5, 5)
    assert (overall.screened_share, overall.funded_share, overall.passed_share) == (
        D("66.66"),
        D("55.55"),
        D("55.55"),
    )
    channels = {tally.label: tally.total for tally in response.by_channel}
    assert channels == {
        "网格化管理": 1,
        "民情大走访": 1,
        "12345工单": 7,
        "社区微信公众号": 0,
        "掌上社区APP": 0,
        "其他": 0,
    }
    streets = {tally.label: (tally.total, tally.funded) for tally in response.by_street}
    assert streets == {"东街道": (5, 3), "西街道": (4, 2)}


def test_the_page_shows_the_shares_and_carries_the_chart_data(client, year_of_needs):
    client.force_login(user_with_role(Role.OFFICER))
    page = client.get(reverse("community:need_responses", args=[2026]))
    content = page.content.decode()
    assert "66.66%" in content
    assert 'id="need-response-data"' in content
    assert "vendor/echarts/echarts.min.js" in content
    assert page.context["chart_data"]["street"]["labels"] == ["东街道", "西街道"]


def test_a_street_sees_its_own_figures_only(client, year_of_needs):
    client.force_login(user_with_role(Role.STREET_STAFF, street=year_of_needs["west"]))
    page = client.get(reverse("community:need_responses", args=[2026]))
    assert page.context["response"].overall.total == 4


def test_the_responses_workbook_reads_back_the_figures(client, year_of_needs):
    client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("reports:need_responses_xlsx", args=[2026]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["总体", "按渠道", "按类别", "按街道"]
    overall = [cell.value for cell in workbook["总体"][2]]
    assert overall[:3] == ["2026", 9, 6]
    assert overall[3] == pytest.approx(0.6666)
    streets = list(workbook["按街道"].iter_rows(min_row=2, values_only=True))
    assert streets[0][:5] == ("东街道", 5, 4, pytest.approx(0.8), 3)
    assert streets[-1][0] == "合计"


def test_the_feedback_workbook_lists_referred_and_unfunded_screened_needs(client, year_of_needs):
    client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("reports:department_feedback_xlsx", args=[2026]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    referred = list(workbook["转职能部门的需求"].iter_rows(min_row=2, values_only=True))
    assert referred[0][0] == "区教育局"
    assert referred[0][5] == "课后托管"
    assert referred[0][-1] == "纳入课后服务"
    unfunded = list(workbook["入选指引未获资助"].iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in unfunded[:-1]] == ["高龄老人助浴"]
    assert unfunded[0][-2:] == ("助浴服务", None)


def test_each_department_gets_a_letter_with_its_needs(client, year_of_needs):
    client.force_login(user_with_role(Role.OFFICER))
    for department, present, absent in [
        (year_of_needs["education"], "课后托管", "高龄老人助浴"),
        (year_of_needs["health"], "高龄老人助浴", "课后托管"),
    ]:
        response = client.get(reverse("reports:department_letter_pdf", args=[2026, department.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = "".join(
            page.extract_text().replace("\n", "")
            for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert f"{department.name}：" in text
        assert present in text
        assert absent not in text
    missing = client.get(reverse("reports:department_letter_pdf", args=[2026, 999]))
    assert missing.status_code == 404

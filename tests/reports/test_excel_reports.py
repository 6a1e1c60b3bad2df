"""Every workbook is read back: figures equal the database's, formats are right, and no
text from users becomes a formula."""

import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from community.models import Allocation, AllocationUse
from experts.models import Expert, Stage
from grants import payments
from grants.models import ProjectState
from reviews import panels, sheets
from tests.factories import (
    CallFactory,
    FundPlanFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    UserFactory,
    district_policy,
    user_with_role,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _book(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_project_ledger_holds_exactly_the_filtered_rows_with_formats(client, officer):
    call = CallFactory()
    ProjectFactory(
        call=call,
        title='=HYPERLINK("http://evil")',
        state=ProjectState.SUBMITTED,
        requested_amount=D("100000.00"),
    )
    ProjectFactory(
        call=call, title="+彩虹课堂", state=ProjectState.SUBMITTED, requested_amount=D("80000.50")
    )
    ProjectFactory(call=call, title="草稿项目", state=ProjectState.DRAFT)
    client.force_login(officer)
    listed = client.get(reverse("grants:project_list"), {"state": "submitted"})
    titles = {p.title for p in listed.context["page"].object_list}
    book = _book(client.get(reverse("reports:projects_xlsx"), {"state": "submitted"}))
    sheet = book.worksheets[0]
    rows = _rows(sheet)
    assert rows[0][:3] == ["项目", "社会组织", "统一社会信用代码"]
    body, totals = rows[1:-1], rows[-1]
    assert {row[0] for row in body} == titles
    assert totals[0] == "合计"
    assert D(str(totals[8])) == D("180000.50")
    formula_cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://evil")')
    assert formula_cell.data_type == "s"
    assert sheet["I2"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{len(body) + 1}"
    assert book.properties.title == "项目台账"
    assert book.properties.creator == officer.display_name


def test_applicant_ledger_holds_only_its_organisation(client, project, member):
    ProjectFactory(title="别家项目", organisation=SocialOrganisationFactory())
    client.force_login(member)
    rows = _rows(_book(client.get(reverse("reports:projects_xlsx"))).worksheets[0])
    assert [row[0] for row in rows[1:-1]] == [project.title]


def test_disbursement_ledger_totals_equal_the_database(client, finance):
    project = ProjectFactory(
        state=ProjectState.CONTRACTED,
        requested_amount=D("100000.01"),
        approved_amount=D("100000.01"),
    )
    payments.create_schedule(project)
    payments.record_payment(
        tranche=project.tranches.get(sequence=1),
        by=finance,
        paid_on=project.created_at.date(),
        amount=D("50000.01"),
        voucher_number="PZ-1",
    )
    client.force_login(finance)
    book = _book(client.get(reverse("reports:disbursements_xlsx"), {"year": project.call.year}))
    schedule, paid = book.worksheets
    rows = _rows(schedule)
    assert [D(str(r[6])) for r in rows[1:-1]] == [D("50000.01"), D("30000.00"), D("20000.00")]
    assert D(str(rows[-1][6])) == D("100000.01")
    assert D(str(rows[-1][7])) == D("50000.01")
    assert schedule["F2"].number_format == "0.00%"
    payment_rows = _rows(paid)
    assert payment_rows[1][1] == "PZ-1"
    assert paid["A2"].is_date


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT, Role.STREET_STAFF])
def test_disbursement_ledger_is_refused_to_roles_without_money(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("reports:disbursements_xlsx")).status_code == 403


def test_review_summary_lists_every_sheet_and_marks_the_dropped(client, officer):
    for number in range(5):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"评委{number}")
        Expert.objects.create(user=user, name=f"评委{number}", affiliation="大学", fields=[])
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=5)
    panel = draw.panels.get()
    for member, ratio in zip(
        panel.members.select_related("expert__user"),
        ["0.9", "0.8", "0.85", "0.7", "0.75"],
        strict=True,
    ):
        sheet = sheets.sheet_for(panel=panel, by=member.expert.user)
        entries = {
            c.pk: sheets.Entry((c.max_points * D(ratio)).quantize(D("0.01")), "说明")
            for c in panel.rubric.criteria.all()
        }
        sheets.save_sheet(sheet=sheet, entries=entries, by=member.expert.user, submit=True)
    client.force_login(officer)
    response = client.get(
        reverse("reports:review_summary_xlsx", args=[call.pk]), {"stage": "initial"}
    )
    assert quote(f"评审汇总-{call.year}-立项评审-") in response["Content-Disposition"]
    book = _book(response)
    summary, detail = book.worksheets
    assert book.active.title == "评审汇总"  # it opens on the summary
    assert detail.title == "评审明细"
    assert summary.title == "评审汇总"
    detail_rows = _rows(detail)
    assert detail_rows[0][2:8] == [
        "需求分析",
        "服务设计",
        "目标与指标",
        "团队能力",
        "预算合理",
        "创新与可持续",
    ]
    assert sorted(row[-2] for row in detail_rows[1:]) == ["否", "否", "否", "是", "是"]
    assert D(str(_rows(summary)[1][3])) == D("80.00")


def test_compliance_workbook_gives_the_shares(client, officer):
    district_policy()
    plan = FundPlanFactory()
    project = ProjectFactory(
        community=plan.community, state=ProjectState.IN_PROGRESS, approved_amount=D("90000")
    )
    Allocation.objects.create(
        plan=plan, use=AllocationUse.PROJECT_BASED, project=project, amount=D("149999.99")
    )
    client.force_login(officer)
    book = _book(client.get(reverse("reports:compliance_xlsx", args=[plan.year])))
    fund = book.worksheets[0]
    row = next(r for r in _rows(fund) if r[1] == plan.community.name)
    assert D(str(row[4])) == D("149999.99")
    assert D(str(row[5])) == D("0.4999")
    assert row[6] == "否"
    cell = next(row for row in fund.iter_rows() if row[1].value == plan.community.name)[5]
    assert cell.number_format == "0.00%"


def test_the_compliance_workbook_holds_the_rows_the_page_shows(client, officer):
    district_policy()
    plan = FundPlanFactory()
    other = FundPlanFactory(year=plan.year)
    client.force_login(officer)
    url = reverse("reports:compliance_xlsx", args=[plan.year])
    page = client.get(
        reverse("community:compliance", args=[plan.year]),
        {"street": plan.community.street_id, "page": "1"},
    ).content.decode()
    assert f'{url}?street={plan.community.street_id}"' in page  # the link keeps the filters
    book = _book(client.get(url, {"street": plan.community.street_id}))
    names = [row[1] for row in _rows(book.worksheets[0])]
    assert plan.community.name in names
    assert other.community.name not in names

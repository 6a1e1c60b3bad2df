"""Journey: a community reports two needs; the street forwards both at once; the officer
screens one into a guide item (refused first without the four parts) and places it in the
call's guide list; an applicant picks it for a proposal; once the project has run its
course and closed (brought there by the use cases between the browser steps), the
community sees the need's project and its grade."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from community.models import GuideItemDraft, Need, NeedState
from grants import lifecycle, payments, proposals
from grants.guards import PanelOutcome
from grants.models import AttachmentKind, Project
from tests.browser.helpers import log_in, log_out
from tests.factories import (
    CallFactory,
    CommunityFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    StreetFactory,
    UserFactory,
    every_check,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n%%EOF\n"


def _record(page: Page, title: str, people: str) -> None:
    page.goto("/community/needs/new/")
    page.locator("[name=channel]").select_option("hotline")
    page.locator("[name=category]").select_option("elderly")
    page.locator("[name=title]").fill(title)
    page.locator("[name=description]").fill(f"12345工单：{title}，希望社区协调解决。")
    page.locator("[name=people_affected]").fill(people)
    page.locator("[name=affected_group]").fill("独居老人")
    page.locator("[name=source_reference]").fill("2026031200123")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.locator("[data-action=report] summary").click()
    page.locator("[data-action=report] button").click()
    expect(page.locator(".page-head .badge")).to_have_text("已上报街道")


def _close(project: Project, member, officer, finance) -> Project:
    """Submit, review, approve, sign, pay, assess and close the project."""
    today = timezone.localdate()
    panel = PanelOutcome(assigned=5, submitted=5, score=Decimal("90.00"))
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project)
    )
    project = lifecycle.approve_project(
        project=project, by=officer, outcome=panel, amount=Decimal("90000.00")
    )
    Project.objects.filter(pk=project.pk).update(publicity_ends_on=today - timedelta(days=1))
    project = lifecycle.sign_agreement(
        project=Project.objects.get(pk=project.pk), by=officer, number="YHT-1", signed_on=today
    )
    first = project.tranches.get(sequence=1)
    payments.record_payment(
        tranche=first, by=finance, paid_on=today, amount=first.amount, voucher_number="PZ-1"
    )
    project = Project.objects.get(pk=project.pk)
    for kind, opening in [
        (AttachmentKind.MIDTERM_REPORT, lifecycle.open_midterm),
        (AttachmentKind.FINAL_REPORT, None),
    ]:
        proposals.attach(
            project=project, kind=kind, upload=ContentFile(PDF, name="报告.pdf"), by=member
        )
        if opening is not None:
            project = opening(project=project, by=officer)
            project = lifecycle.pass_midterm(project=project, by=officer, outcome=panel)
    project = lifecycle.open_final(project=project, by=officer)
    return lifecycle.close_project(
        project=project, by=officer, outcome=panel, satisfaction=Decimal("80.00")
    )


def test_two_needs_reported_forwarded_one_screened_placed_taken_and_graded(page):
    street = StreetFactory(name="雨花街道")
    community = CommunityFactory(street=street, name="雨花新村社区")
    UserFactory(username="community", roles=[Role.COMMUNITY_STAFF], community=community)
    UserFactory(username="street", roles=[Role.STREET_STAFF], street=street)
    officer = UserFactory(username="officer", roles=[Role.OFFICER])
    finance = UserFactory(username="finance", roles=[Role.FINANCE])
    call = CallFactory(title="2026年度公益创投项目申报")
    organisation = SocialOrganisationFactory(
        name="雨花台区阳光助老服务中心", home_community=community
    )
    member = UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[organisation])
    proposal = ProjectFactory(title="银龄守望助餐行动", call=call, organisation=organisation)

    # The community records two needs and reports them to the street.
    log_in(page, "community")
    _record(page, "3号楼独居老人就餐难", "25")
    _record(page, "老年人智能手机使用难", "40")
    log_out(page)

    # The street finds them on its home page and forwards both at once.
    log_in(page, "street")
    expect(page.get_by_text("待审核的需求")).to_be_visible()
    page.get_by_role("link", name="辖区社区上报的 2 条需求等待您处理").click()
    expect(page.get_by_test_id("result-count")).to_have_text("2 条需求")
    for checkbox in page.locator("td.pick input").all():
        checkbox.check()
    page.locator("[name=action]").select_option("forward")
    page.get_by_role("button", name="执行").click()
    expect(page.get_by_text("已将 2 条需求报送区级。")).to_be_visible()
    log_out(page)

    # The officer screens the first into a guide item: refused without the four parts,
    # then drafted in full, and placed in the call's guide list.
    first = Need.objects.get(title="3号楼独居老人就餐难")
    log_in(page, "officer")
    page.goto("/community/needs/?state=forwarded")
    page.locator(f"tr[data-need='{first.pk}'] td.pick input").check()
    page.get_by_role("button", name="将勾选的需求纳入项目指引").click()
    expect(page.get_by_role("heading", name="纳入项目指引", level=1)).to_be_visible()
    page.locator("[name=title]").fill("独居老人助餐服务")
    page.locator("[name=target_group]").fill("")
    page.locator("[name=suggested_budget]").fill("80000")
    page.get_by_role("button", name="纳入这个新的指引项目").click()
    expect(page.get_by_text("请写明具体服务哪些人（对象要准）。")).to_be_visible()
    expect(page.get_by_text("请写明用什么服务回应（服务要实）。")).to_be_visible()
    expect(page.locator("[name=title]")).to_have_value("独居老人助餐服务")
    page.locator("[name=target_group]").fill("3号楼独居老人25人")
    page.locator("[name=need_statement]").fill("做饭难，附近没有助餐点")
    page.locator("[name=service]").fill("助餐点运营与送餐上门")
    page.locator("[name=goal]").fill("日均供餐不少于25份")
    page.get_by_role("button", name="纳入这个新的指引项目").click()
    expect(page.get_by_text("已将 1 条需求纳入“独居老人助餐服务”。")).to_be_visible()
    page.locator("[name=call]").select_option(label=call.title)
    page.get_by_role("button", name="列入指引清单").click()
    expect(page.get_by_test_id("placed")).to_contain_text(call.title)
    log_out(page)
    item = GuideItemDraft.objects.get().guide_item

    # The applicant picks the guide item for the proposal.
    log_in(page, "applicant")
    page.goto(f"/grants/projects/{proposal.pk}/edit/")
    page.locator("[name=guide_item]").select_option(str(item.pk))
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    page.goto(f"/grants/projects/{proposal.pk}/")
    expect(page.get_by_test_id("project-needs")).to_contain_text("3号楼独居老人就餐难")
    log_out(page)

    # The project runs its course and closes (through the use cases).
    closed = _close(Project.objects.get(pk=proposal.pk), member, officer, finance)
    assert closed.get_grade_display() == "良好"

    # The community sees what became of its need: the project and its grade.
    log_in(page, "community")
    page.goto("/community/needs/")
    page.get_by_role("link", name="3号楼独居老人就餐难").click()
    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_contain_text("独居老人助餐服务")
    expect(outcome).to_contain_text("银龄守望助餐行动")
    expect(outcome.get_by_test_id("grade")).to_contain_text("良好")
    page.goto("/community/needs/")
    expect(page.locator(f"tr[data-need='{first.pk}']")).to_contain_text("良好")
    second = Need.objects.get(title="老年人智能手机使用难")
    assert second.state == NeedState.FORWARDED
    expect(page.locator(f"tr[data-need='{second.pk}']")).to_contain_text("已报送区级")

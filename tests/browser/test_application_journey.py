"""Journey: an applicant drafts and submits; the officer returns it with a reason; the
applicant fixes and resubmits; the versions show the change; finance pays the first
tranche of a contracted project and it starts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from grants import payments
from grants.models import Project, ProjectState
from tests.browser.helpers import log_in, log_out
from tests.factories import CallFactory, ProjectFactory, SocialOrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_submit_return_resubmit_compare_and_first_payment(page):
    organisation = SocialOrganisationFactory(name="雨花台区阳光助老服务中心")
    call = CallFactory(title="2026年度公益创投项目申报")
    call.programme.eligibility_items = "近两年未受到行政处罚"
    call.programme.save(update_fields=["eligibility_items"])
    UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[organisation])
    UserFactory(username="officer", roles=[Role.OFFICER])
    UserFactory(username="finance", roles=[Role.FINANCE])
    contracted = ProjectFactory(
        title="幸福食堂助餐服务",
        call=call,
        state=ProjectState.CONTRACTED,
        approved_amount=Decimal("80000.00"),
    )
    payments.create_schedule(contracted)

    # The applicant drafts and submits.
    log_in(page, "applicant")
    page.goto("/grants/projects/new/")
    page.get_by_label("申报批次").select_option(label=call.title)
    page.get_by_label("社会组织").select_option(label=organisation.name)
    page.get_by_label("项目名称").fill("银龄守望结对关爱行动")
    page.get_by_role("button", name="创建草稿").click()
    expect(page.get_by_text("草稿已创建")).to_be_visible()
    page.get_by_label("服务对象").fill("社区独居老人约120人")
    page.get_by_label("需求分析").fill("独居老人缺少日常照应")
    page.get_by_label("服务内容").fill("结对探访、健康讲座")
    page.get_by_label("目标与指标").fill("每月探访2次")
    page.get_by_label("申请金额").fill("100000.00")
    page.get_by_label("配套资金").fill("10000.00")
    page.locator("[name=budget-0-category]").select_option("activity")
    page.locator("[name=budget-0-amount]").fill("98000.00")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    page.get_by_role("link", name="返回项目页面").click()
    page.locator("[data-action=submit] summary").click()
    page.locator("[data-action=submit] button").click()
    # Refused with the numbers, nothing lost.
    expect(
        page.get_by_text("预算合计 98,000.00 元，与申请金额 100,000.00 元不一致。")
    ).to_be_visible()
    page.goto(f"/grants/projects/{_project_id()}/edit/")
    page.locator("[name=budget-0-amount]").fill("100000.00")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="返回项目页面").click()
    page.locator("[data-action=submit] summary").click()
    page.locator("[data-action=submit] button").click()
    expect(page.locator(".page-head .badge")).to_have_text("已申报")
    log_out(page)

    # The officer returns it with a reason and a deadline.
    log_in(page, "officer")
    page.goto(f"/grants/projects/{_project_id()}/")
    page.locator("[data-action=return_for_revision] summary").click()
    action = page.locator("[data-action=return_for_revision]")
    action.get_by_label("理由").fill("请细化服务指标")
    action.get_by_label("重新提交截止日期").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    action.get_by_role("button").click()
    expect(page.locator(".page-head .badge")).to_have_text("退回修改")
    log_out(page)

    # The applicant fixes and resubmits; the versions show the change.
    log_in(page, "applicant")
    page.goto(f"/grants/projects/{_project_id()}/")
    expect(page.get_by_text("请细化服务指标")).to_be_visible()
    page.get_by_role("link", name="编辑申报书").click()
    page.get_by_label("目标与指标").fill("每月探访2次，满意度不低于90%")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="返回项目页面").click()
    page.locator("[data-action=submit] summary").click()
    page.locator("[data-action=submit] button").click()
    expect(page.locator(".page-head .badge")).to_have_text("已申报")
    page.get_by_role("link", name="版本对比").click()
    row = page.locator("table.diff tr", has_text="目标与指标")
    expect(row.locator(".diff-old")).to_have_text("每月探访2次")
    expect(row.locator(".diff-new")).to_have_text("每月探访2次，满意度不低于90%")
    log_out(page)

    # The officer screens eligibility: the checklist must be ticked item by item.
    log_in(page, "officer")
    page.goto(f"/grants/projects/{_project_id()}/")
    page.locator("[data-action=accept_for_review] summary").click()
    screening = page.locator("[data-action=accept_for_review]")
    expect(screening.get_by_label("年检合格", exact=False)).to_be_visible()
    screening.get_by_role("button").click()
    expect(page.get_by_text("请核对后勾选“近两年未受到行政处罚”。")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("已申报")
    screening = page.locator("[data-action=accept_for_review]")
    for box in screening.get_by_role("checkbox").all():
        box.check()
    screening.get_by_label("说明（选填）").fill("材料齐全")
    screening.get_by_role("button").click()
    expect(page.locator(".page-head .badge")).to_have_text("立项评审中")
    expect(page.get_by_text("✓ 近两年未受到行政处罚")).to_be_visible()
    log_out(page)

    # Finance pays the first tranche of the contracted project, which starts it.
    log_in(page, "finance")
    page.goto("/grants/tranches/?status=due")
    page.locator("tr", has_text="幸福食堂助餐服务").get_by_role("link", name="登记拨付").click()
    page.get_by_label("拨付日期").fill(timezone.localdate().isoformat())
    page.get_by_label("凭证号").fill("PZ-2026-0001")
    page.get_by_label("收款开户行").fill("中国工商银行南京雨花支行")
    page.get_by_label("收款账号").fill("4301 0123 4567 8901")
    page.get_by_role("button", name="登记拨付").click()
    expect(page.get_by_text("拨付已登记")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("实施中")


def _project_id() -> int:
    return Project.objects.get(title="银龄守望结对关爱行动").pk

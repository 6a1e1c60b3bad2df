"""Journey: community staff build a plan at 49.99 %, are refused with the numbers, raise
the project allocation and submit; the officer approves; the compliance page shows green."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from community.models import FundPlan
from grants.models import ProjectState
from tests.browser.helpers import log_in, log_out
from tests.factories import CommunityFactory, ProjectFactory, UserFactory, district_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_refused_at_49_99_then_raised_submitted_approved_and_green(page):
    district_policy()
    community = CommunityFactory(name="雨花新村社区")
    UserFactory(username="keeper", roles=[Role.COMMUNITY_STAFF], community=community)
    UserFactory(username="officer", roles=[Role.OFFICER])
    ProjectFactory(
        title="银龄守望结对关爱",
        community=community,
        state=ProjectState.IN_PROGRESS,
        requested_amount=Decimal("200000.00"),
        approved_amount=Decimal("200000.00"),
    )
    year = timezone.localdate().year

    log_in(page, "keeper")
    page.get_by_role("button", name=f"编制 {year} 年为民服务专项经费计划").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("为民服务专项经费计划")
    page.get_by_label("用途").select_option(label="社区服务项目化运作")
    page.get_by_label("项目").select_option(label="银龄守望结对关爱")
    # More than the project's grant is refused with the figures, what was typed kept.
    page.get_by_label("金额").fill("200000.01")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "“银龄守望结对关爱”在所有计划中合计最多可获分配 200,000.00 元"
    )
    expect(page.get_by_label("金额")).to_have_value("200000.01")
    page.get_by_label("金额").fill("149999.99")
    page.get_by_role("button", name="添加").click()
    page.get_by_label("用途").select_option(label="社区活动")
    page.get_by_label("金额").fill("100000.00")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("share")).to_have_text("49.99%")

    page.locator("[data-action=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "项目化运作 149,999.99 元，占 49.99%，低于 50%。"
    )

    page.locator("tr", has_text="银龄守望结对关爱").get_by_role("link", name="编辑").click()
    page.get_by_label("金额").fill("150000.00")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("share")).to_have_text("50.00%")
    page.locator("[data-action=submit]").click()
    expect(page.locator(".page-head .badge")).to_have_text("已提交")
    plan_url = page.url
    log_out(page)

    log_in(page, "officer")
    page.goto(plan_url)
    page.locator("[data-action=approve]").click()
    expect(page.locator(".page-head .badge")).to_have_text("已审批")
    page.get_by_role("link", name="社区合规").first.click()
    cell = page.locator('tr[data-community="雨花新村社区"] td[data-rule="fund"]')
    expect(cell).to_have_class("pass")
    expect(cell).to_contain_text("50.00%")
    assert FundPlan.objects.get(community=community).state == "approved"

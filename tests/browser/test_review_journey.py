"""Journey: the officer draws a panel and verifies the draw; the expert logs in, scores and
submits; the officer sees the panel score and approves the project."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from experts.models import Expert
from grants.models import Project, ProjectState
from reviews.models import Panel
from tests.browser.helpers import log_in, log_out
from tests.factories import CallFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draw_score_submit_and_approve(page):
    call = CallFactory(title="2026年度公益创投项目申报")
    project = ProjectFactory(call=call, title="银龄守望结对关爱", state=ProjectState.UNDER_REVIEW)
    UserFactory(username="officer", roles=[Role.OFFICER])
    expert_user = UserFactory(username="expert", roles=[Role.EXPERT], full_name="黄建国")
    Expert.objects.create(
        user=expert_user, name="黄建国", affiliation="南京大学", fields=["finance"]
    )

    log_in(page, "officer")
    page.get_by_role("link", name="评审管理").first.click()
    page.locator("tr", has_text=call.title).get_by_role("link", name="抽取评审专家").click()
    page.get_by_label("评审阶段").select_option(label="立项评审")
    page.get_by_label("评审组人数").fill("1")
    page.get_by_role("button", name="抽取").click()
    expect(page.get_by_text("评审专家已抽取")).to_be_visible()
    expect(page.locator("tr", has_text="银龄守望结对关爱")).to_contain_text("黄建国")
    page.locator("[data-action=verify]").click()
    expect(page.get_by_test_id("verification")).to_contain_text("结果一致")
    log_out(page)

    log_in(page, "expert")
    page.get_by_role("link", name="银龄守望结对关爱").first.click()
    points = {
        "需求分析": "18",
        "服务设计": "22",
        "目标与指标": "13",
        "团队能力": "12",
        "预算合理": "13",
        "创新与可持续": "8",
    }
    for name, value in points.items():
        page.get_by_label(name, exact=True).fill(value)
    page.get_by_label("预算合理", exact=True).fill("5")  # below 60 % of 15, no comment yet
    page.get_by_role("button", name="提交评分表").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "预算合理：5 低于 15.00 的 60%，请在说明中写明理由。"
    )
    page.get_by_label("预算合理说明").fill("人员费测算偏高，缺少依据。")
    expect(page.get_by_test_id("sheet-total")).to_have_text("78.00")  # added up as typed
    page.get_by_role("button", name="提交评分表").click()
    expect(page.get_by_test_id("confirm-submit")).to_contain_text("确认以总分 78.00 提交")
    page.get_by_role("button", name="确认提交并锁定").click()
    expect(page.get_by_text("已提交，评分表已锁定")).to_be_visible()
    log_out(page)

    log_in(page, "officer")
    page.get_by_role("link", name="银龄守望结对关爱").first.click()
    expect(page.get_by_test_id("panel-score")).to_contain_text("78.00")
    page.locator("[data-action=approve] summary").click()
    page.get_by_label("核定金额").fill("90000.00")
    page.locator("[data-action=approve] button").click()
    expect(page.locator(".page-head .badge")).to_have_text("拟立项（公示中）")
    assert Project.objects.get(pk=project.pk).panel_score == 78
    assert Panel.objects.get().draw.seed

"""Journeys of the notifications (issue 12): an expert on a phone is told it was drawn,
opens its sheet from the notification, sees the running total and confirms the submit;
finance is told in the site that a tranche fell due and pays it from the notification."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from experts.models import Expert, Stage
from grants import lifecycle
from grants.models import Project, ProjectState, TrancheStatus
from notifications.models import Notification
from reviews import panels
from reviews.models import Panel, SheetState
from tests.browser.helpers import log_in
from tests.factories import CallFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


def test_an_expert_on_a_phone_is_told_of_the_draw_and_scores(page):
    page.set_viewport_size(PHONE)
    call = CallFactory(title="2026年度公益创投项目申报")
    project = ProjectFactory(call=call, title="银龄守望结对关爱", state=ProjectState.UNDER_REVIEW)
    officer = UserFactory(username="officer", roles=[Role.OFFICER])
    expert_user = UserFactory(username="expert", roles=[Role.EXPERT], full_name="黄建国")
    Expert.objects.create(
        user=expert_user, name="黄建国", affiliation="南京大学", fields=["finance"]
    )
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=1)
    panel = Panel.objects.get(project=project)

    log_in(page, "expert")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("notifications").click()
    _no_sideways_scroll(page)
    item = page.locator(".notification", has_text="评审任务：银龄守望结对关爱")
    expect(item).to_contain_text("立项评审")
    item.get_by_role("link").click()
    expect(page).to_have_url(f"/reviews/mine/panels/{panel.pk}/sheet/")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)  # read once opened
    _no_sideways_scroll(page)

    points = {"需求分析": "18", "服务设计": "22", "目标与指标": "13"}
    points |= {"团队能力": "12", "预算合理": "13", "创新与可持续": "8.5"}
    expect(page.get_by_test_id("sheet-total")).to_have_text("0.00")
    for name, value in points.items():
        page.get_by_label(name, exact=True).fill(value)
    expect(page.get_by_test_id("sheet-total")).to_have_text("86.50")
    page.get_by_role("button", name="提交评分表").click()
    expect(page.get_by_test_id("confirm-submit")).to_contain_text("确认以总分 86.50 提交")
    _no_sideways_scroll(page)
    sheet = panel.sheets.get()
    assert sheet.state == SheetState.DRAFT  # nothing locked before the confirmation
    page.get_by_role("button", name="确认提交并锁定").click()
    expect(page.get_by_text("已提交，评分表已锁定")).to_be_visible()
    sheet.refresh_from_db()
    assert sheet.state == SheetState.SUBMITTED
    assert Notification.objects.get(user=expert_user).read_at is not None


def test_finance_is_told_a_tranche_fell_due_and_pays_it(page):
    officer = UserFactory(username="officer", roles=[Role.OFFICER])
    UserFactory(username="finance", roles=[Role.FINANCE], full_name="周会计")
    project = ProjectFactory(
        title="四点半课堂",
        state=ProjectState.APPROVED,
        approved_amount=Decimal("90000.00"),
        publicity_ends_on=timezone.localdate() - timedelta(days=1),
    )
    lifecycle.sign_agreement(
        project=project, by=officer, number="YHT-2026-009", signed_on=timezone.localdate()
    )

    log_in(page, "finance")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("notifications").click()
    item = page.locator(".notification", has_text="拨款待拨付：四点半课堂")
    expect(item).to_contain_text("45,000.00")
    item.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登记拨付")
    page.get_by_label("拨付日期").fill(timezone.localdate().isoformat())
    page.get_by_label("金额").fill("45000.00")
    page.get_by_label("凭证号").fill("记-2026-0101")
    page.get_by_label("收款开户行").fill("中国工商银行南京雨花支行")
    page.get_by_label("收款账号").fill("4301 0123 4567 8901")
    page.get_by_role("button", name="登记拨付").click()
    expect(page.get_by_text("拨付已登记。")).to_be_visible()
    project = Project.objects.get(pk=project.pk)
    assert project.state == ProjectState.IN_PROGRESS
    assert project.tranches.get(sequence=1).status == TrancheStatus.PAID
    page.get_by_test_id("notifications").click()
    expect(page.locator(".notification--unread")).to_have_count(0)

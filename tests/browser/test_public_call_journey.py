"""Journey (issue 12): an anonymous visitor reads an open call's guide from the login page,
registers an organisation, starts an application from the call, picks a guide item (its
description shown), sees the live total and the caps (adding a budget line without a
reload), and is refused at submit until an officer, told of the registration, confirms
the organisation; told so in turn, it submits. A second journey: an applicant with an
account starts from a guide item and logs in on the way. The public pages fit a 390 px
phone."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from grants.models import GuideCategory, GuideItem, Project
from tests.browser.helpers import PASSWORD
from tests.factories import (
    CallFactory,
    CommunityFactory,
    SocialOrganisationFactory,
    StreetFactory,
    UserFactory,
    valid_credit_code,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "xiangyang-2026-secret"


@pytest.fixture
def call(db):
    call = CallFactory(
        title="2026年度公益创投项目申报",
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=30),
    )
    street = StreetFactory(name="雨花街道")
    community = CommunityFactory(street=street, name="雨花新村社区")
    GuideItem.objects.create(
        call=call,
        category=GuideCategory.YOUTH,
        title="四点半课堂",
        community=community,
        description="对象：双职工家庭小学生约40人。服务：课后托管与作业辅导。",
    )
    GuideItem.objects.create(
        call=call,
        category=GuideCategory.ELDERLY,
        title="独居老人助餐",
        street=street,
        description="对象：独居老人。需求：午餐无人照应。",
    )
    return call


def _register(page: Page, call) -> None:
    community = GuideItem.objects.get(title="四点半课堂").community
    page.locator("[name=organisation-name]").fill("雨花台区向阳花青少年服务中心")
    page.locator("[name=organisation-credit_code]").fill(valid_credit_code())
    page.locator("[name=organisation-org_type]").select_option("social_service")
    page.locator("[name=organisation-registration_authority]").fill("南京市雨花台区民政局")
    page.locator("[name=organisation-registration_date]").fill(
        date(timezone.localdate().year, 3, 1).isoformat()
    )
    page.locator("[name=organisation-legal_representative]").fill("周静")
    page.locator("[name=organisation-contact_person]").fill("吴磊")
    page.locator("[name=organisation-contact_phone]").fill("13912345678")
    page.locator("[name=organisation-home_community]").select_option(str(community.pk))
    page.locator("[name=user-username]").fill("xiangyang")
    page.locator("[name=user-full_name]").fill("吴磊")
    page.locator("[name=user-phone]").fill("13912345678")
    page.locator("[name=user-email]").fill("wulei@example.cn")
    page.locator("[name=user-password1]").fill(NEW_PASSWORD)
    page.locator("[name=user-password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="注册", exact=True).click()


def _log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _submit(page: Page) -> None:
    page.locator("[data-action=submit] summary").click()
    page.locator("[data-action=submit] button").click()


def test_a_visitor_reads_the_call_registers_drafts_and_submits_once_confirmed(page, call):
    UserFactory(username="officer", roles=[Role.OFFICER])

    # Anonymous: from the login page to the open calls and the call's guide.
    page.goto("/login/")
    page.get_by_role("link", name="查看开放申报的批次").click()
    page.get_by_role("link", name=call.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.get_by_test_id("max-grant")).to_contain_text("每个项目最高 ¥200,000.00")
    expect(page.get_by_test_id("caps")).to_contain_text("管理费：不超过预算的 10.00%")
    expect(page.get_by_test_id("window")).to_contain_text("（北京时间）")
    expect(page.get_by_test_id("requirements")).to_contain_text("机构信息已经区民政局核实")
    expect(page.get_by_test_id("guide-item").filter(has_text="四点半课堂")).to_contain_text(
        "社区：雨花街道 · 雨花新村社区"
    )

    # No account yet: register the organisation, back to the new application of the call.
    page.get_by_role("link", name="注册社会组织").click()
    _register(page, call)
    expect(page.get_by_text("机构注册成功")).to_be_visible()
    expect(page.get_by_label("申报批次")).to_have_value(str(call.pk))
    item = GuideItem.objects.get(title="四点半课堂")
    description = page.locator(f'[data-guide-description="{item.pk}"]')
    expect(description).to_be_hidden()
    page.get_by_label("项目指引").select_option(str(item.pk))
    expect(description).to_be_visible()
    expect(description).to_contain_text("课后托管与作业辅导")
    expect(page.get_by_text("服务社区须为该指引指定的社区")).to_be_visible()
    page.get_by_label("项目名称").fill("向阳花四点半课堂")
    page.get_by_role("button", name="创建草稿").click()
    expect(page.get_by_text("草稿已创建")).to_be_visible()

    # The draft: the live total, the caps, a line added without a reload.
    page.get_by_label("服务对象").fill("双职工家庭小学生约40人")
    page.get_by_label("需求分析").fill("放学后无人看护")
    page.get_by_label("服务内容").fill("课后托管、作业辅导")
    page.get_by_label("目标与指标").fill("每学期服务40人")
    page.get_by_label("申请金额").fill("100000.00")
    page.locator("[name=budget-0-category]").select_option("activity")
    page.locator("[name=budget-0-amount]").fill("85000.00")
    page.locator("[name=budget-1-category]").select_option("management")
    page.locator("[name=budget-1-amount]").fill("15000.00")
    caps = page.get_by_test_id("budget-caps")
    expect(caps).to_have_attribute("data-within", "false")
    expect(caps).to_contain_text("管理费 15,000.00 元，占预算 15.00%，超过上限 10.00%。")
    expect(page.get_by_test_id("budget-total")).to_have_attribute("data-balanced", "true")
    page.get_by_role("button", name="添加一行预算").click()
    page.locator("[name=budget-2-category]").select_option("materials")
    page.locator("[name=budget-2-amount]").fill("5000.00")
    page.locator("[name=budget-1-amount]").fill("10000.00")
    expect(caps).to_have_attribute("data-within", "true")
    expect(page.get_by_test_id("cap-management")).to_contain_text("10.00%")
    expect(page.get_by_test_id("budget-total")).to_have_attribute("data-balanced", "true")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    project = Project.objects.get(title="向阳花四点半课堂")
    assert project.budget_lines.count() == 3
    assert project.guide_item == item
    assert project.community == item.community

    # Submit waits for the bureau.
    page.get_by_role("link", name="返回项目页面").click()
    _submit(page)
    expect(page.get_by_text("机构信息已经区民政局核实：等待区民政局核对登记信息")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("草稿")
    page.get_by_role("button", name="退出登录").click()

    # The officer, told of the new organisation, confirms it against its registration.
    _log_in(page, "officer")
    expect(page.get_by_test_id("organisations-to-confirm")).to_be_visible()
    page.get_by_test_id("notifications").click()
    page.locator(
        ".notification", has_text="新机构待核实：雨花台区向阳花青少年服务中心"
    ).get_by_role("link").click()
    expect(page).to_have_url("/grants/organisations/checks/")
    check = page.locator('[data-organisation="雨花台区向阳花青少年服务中心"]')
    expect(check).to_contain_text("周静")
    check.get_by_role("button", name="核实：与登记信息一致").click()
    expect(page.get_by_text("雨花台区向阳花青少年服务中心 已核实")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()

    # Told of the check, it now submits.
    _log_in(page, "xiangyang", NEW_PASSWORD)
    page.get_by_test_id("notifications").click()
    expect(page.locator(".notification--unread")).to_contain_text(
        "雨花台区向阳花青少年服务中心已通过区民政局核实"
    )
    page.goto(f"/grants/projects/{project.pk}/")
    _submit(page)
    expect(page.locator(".page-head .badge")).to_have_text("已申报")


def test_an_applicant_starts_from_a_guide_item_and_logs_in_on_the_way(page, call):
    organisation = SocialOrganisationFactory(name="雨花台区阳光助老服务中心")
    UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[organisation])
    item = GuideItem.objects.get(title="独居老人助餐")
    page.goto(f"/grants/open-calls/{call.pk}/")
    page.get_by_test_id("guide-item").filter(has_text="独居老人助餐").get_by_role(
        "link", name="针对此指引申报"
    ).click()
    expect(page).to_have_url(
        f"/login/?next=/grants/projects/new/%3Fcall%3D{call.pk}%26guide_item%3D{item.pk}"
    )
    _log_in(page, "applicant")
    expect(page.get_by_label("申报批次")).to_have_value(str(call.pk))
    expect(page.get_by_label("项目指引")).to_have_value(str(item.pk))
    expect(page.get_by_label("社会组织")).to_have_value(str(organisation.pk))
    expect(page.locator(f'[data-guide-description="{item.pk}"]')).to_contain_text("午餐无人照应")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_public_pages_fit_the_screen(browser, live_server, call, width, tmp_path):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844}, locale="zh-CN"
    )
    page = context.new_page()
    for url in [
        "/grants/open-calls/",
        f"/grants/open-calls/{call.pk}/",
        "/grants/register/",
        "/password/reset/",
    ]:
        page.goto(url)
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, (url, width_used)
    context.close()


def test_the_draft_page_with_its_caps_fits_a_phone(browser, live_server, call):
    organisation = SocialOrganisationFactory()
    UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[organisation])
    project = Project.objects.create(
        call=call,
        organisation=organisation,
        community=organisation.home_community,
        title="手机上的草稿",
        requested_amount=Decimal("100000.00"),
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto("/login/")
    _log_in(page, "applicant")
    for url in [f"/grants/projects/{project.pk}/edit/", f"/grants/projects/new/?call={call.pk}"]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    context.close()

"""Journey: the organisation records two activities (one with a photo) and one payment;
the officer records a site visit asking for a follow-up; the organisation answers it,
writes the mid-term report generated from its records and submits it; the officer opens
the mid-term assessment with it; the expert seated on the panel sees target against
achieved beside the score sheet."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from experts.models import Expert, Stage
from grants.models import AttachmentKind, Project, ServiceRecord, SiteVisit
from reviews import panels
from tests.browser.helpers import log_in, log_out
from tests.factories import UserFactory
from tests.grants.delivering import running_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _record(page, *, day, kind, place, meals, participants, photo=None):
    page.get_by_role("link", name="登记服务活动").first.click()
    page.get_by_label("日期").fill(day.isoformat())
    page.get_by_label("活动类型").select_option(label=kind)
    page.get_by_label("地点").fill(place)
    page.get_by_label("助餐（人次）").fill(meals)
    page.get_by_label("参与人数").fill(participants)
    page.get_by_label("志愿服务时长（小时）").fill("3")
    if photo:
        page.get_by_label("照片").set_input_files(photo)
    page.get_by_role("button", name="保存记录").click()
    expect(page.get_by_text("服务活动已登记")).to_be_visible()


def test_record_visit_answer_report_and_the_panel_sees_progress(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    project = running_project(title="幸福食堂助餐服务", days_done=60, days_left=60)
    UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[project.organisation])
    officer = UserFactory(username="officer", roles=[Role.OFFICER], full_name="陈静")
    expert_user = UserFactory(username="expert", roles=[Role.EXPERT], full_name="黄建国")
    Expert.objects.create(
        user=expert_user, name="黄建国", affiliation="南京大学", fields=["finance"]
    )
    photo = tmp_path / "助餐现场.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (42, 157, 143)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    today = timezone.localdate()

    # The organisation records two activities, one with a photo, and a payment.
    log_in(page, "applicant")
    page.goto(f"/grants/projects/{project.pk}/")
    _record(
        page,
        day=today - timedelta(days=3),
        kind="助餐服务",
        place="雨花新村社区食堂",
        meals="120",
        participants="40",
        photo=str(photo),
    )
    expect(page.locator(".thumbnails img")).to_have_count(1)
    page.goto(f"/grants/projects/{project.pk}/")
    _record(page, day=today, kind="助餐服务", place="社区长者食堂", meals="95", participants="35")
    expect(page.get_by_test_id("record")).to_have_count(2)
    page.goto(f"/grants/projects/{project.pk}/")
    page.get_by_role("link", name="登记资金支出").click()
    page.get_by_label("预算科目").select_option(label="活动费")
    page.get_by_label("金额（元）").fill("3200.00")
    page.get_by_label("收款方").fill("雨花台区幸福食堂")
    page.get_by_label("凭证号或发票号").fill("FP-2026-0318")
    page.get_by_role("button", name="保存支出").click()
    expect(page.get_by_text("资金支出已登记")).to_be_visible()
    expect(page.get_by_test_id("payment")).to_contain_text("¥3,200.00")
    log_out(page)

    # The officer visits and asks for a follow-up.
    log_in(page, "officer")
    page.goto(f"/grants/projects/{project.pk}/")
    page.get_by_role("link", name="登记实地督导").click()
    page.get_by_label("督导发现").fill("助餐点运行良好，签到表未按日归档。")
    page.get_by_label("评价").select_option(label="一般")
    page.get_by_label("整改要求").fill("按日归档签到表并扫描上传。")
    page.get_by_label("整改期限").fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="保存督导记录").click()
    expect(page.get_by_text("实地督导已登记")).to_be_visible()
    log_out(page)

    # The organisation answers, then writes and submits the mid-term report.
    log_in(page, "applicant")
    page.goto(f"/grants/projects/{project.pk}/")
    page.get_by_test_id("visit").get_by_role("link", name="回复").click()
    page.get_by_label("整改回复").fill("已按日归档签到表并扫描上传。")
    page.get_by_role("button", name="提交回复").click()
    expect(page.get_by_text("回复已提交")).to_be_visible()
    page.get_by_role("link", name="撰写中期报告").click()
    expect(page.get_by_test_id("indicator").first).to_contain_text("215 / 1,000 人次")
    page.get_by_role("button", name="提交中期报告").click()  # without its narrative
    expect(page.get_by_role("alert")).to_contain_text("请先填写项目进展与成效")
    page.get_by_label("项目进展与成效").fill("两个月开展助餐服务，累计助餐 215 人次。")
    page.get_by_role("button", name="提交中期报告").click()
    expect(page.get_by_text("报告已提交")).to_be_visible()
    expect(page.get_by_role("link", name="中期报告-幸福食堂助餐服务")).to_be_visible()
    log_out(page)

    # The officer opens the mid-term assessment: the generated report meets its need.
    log_in(page, "officer")
    page.goto(f"/grants/projects/{project.pk}/")
    page.locator("[data-action=open_midterm] summary").click()
    page.locator("[data-action=open_midterm] button").click()
    expect(page.locator(".page-head .badge")).to_have_text("中期评估中")
    log_out(page)
    panels.draw_panels(call=project.call, stage=Stage.MIDTERM, by=officer, size=1)

    # The expert on the panel sees target against achieved beside the score sheet.
    log_in(page, "expert")
    page.get_by_role("link", name="幸福食堂助餐服务").first.click()
    progress = page.get_by_test_id("progress")
    expect(progress.get_by_test_id("indicator").first).to_contain_text("215 / 1,000 人次")
    expect(progress.get_by_test_id("indicator").first).to_contain_text("21.50%")
    expect(progress.locator("meter").first).to_have_attribute("value", "215.00")
    expect(progress).to_contain_text("2 条服务记录")

    assert ServiceRecord.objects.filter(project=project).count() == 2
    assert SiteVisit.objects.get().answered_at is not None
    assert (
        Project.objects.get(pk=project.pk)
        .attachments.filter(kind=AttachmentKind.MIDTERM_REPORT)
        .exists()
    )

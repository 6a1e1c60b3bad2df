"""The generated mid-term report read back (its figures are those of the records), its
submission meeting the stage's report requirement, the overview workbook read back, and
the daily reminder sent once a day."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Role
from grants import delivery_reports, lifecycle, records, spending, visits
from grants.models import (
    AttachmentKind,
    DeliveryReminder,
    DeliveryReport,
    ProjectState,
    RecordPhoto,
)
from grants.refusals import Refused
from reports.pdf import NoFetching, file_url
from tests.factories import UserFactory, user_with_role
from tests.grants.delivering import D, photo_upload, running_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text().replace("\n", "") for page in reader.pages)


@pytest.fixture
def delivered():
    """A running project with three activities, two payments and a visit."""
    project = running_project(days_done=60, days_left=60)
    staff = UserFactory(
        roles=[Role.APPLICANT], organisations=[project.organisation], email="org@example.org"
    )
    meal, home = project.indicators.all()
    today = timezone.localdate()
    for days_ago, participants, meals, homes in (
        (10, 30, "120", "5"),
        (5, 25, "95", None),
        (1, 8, None, "12"),
    ):
        records.record_activity(
            project=project,
            by=staff,
            activity=records.Activity(
                occurred_on=today - timedelta(days=days_ago),
                place="雨花新村社区食堂",
                community=project.community,
                kind="meal",
                participants=participants,
                volunteer_hours=D("2.5"),
                increments={
                    meal.pk: D(meals) if meals else None,
                    home.pk: D(homes) if homes else None,
                },
            ),
        )
    activity_line = project.budget_lines.get(category="activity")
    for amount, voucher in (("12000.00", "FP-1"), ("3456.78", "FP-2")):
        spending.record_spending(
            project=project,
            by=staff,
            expense=spending.Expense(today, activity_line.pk, D(amount), "食堂", voucher),
        )
    visits.record_visit(
        project=project,
        by=user_with_role(Role.OFFICER),
        visit=visits.Visit(
            today,
            "区民政局 张三",
            "助餐点运行良好",
            "good",
            "补齐签到表",
            today + timedelta(days=5),
        ),
    )
    return project, staff


def test_the_generated_report_carries_the_figures_of_the_records(delivered):
    project, staff = delivered
    report = delivery_reports.submit_report(
        project=project,
        kind=AttachmentKind.MIDTERM_REPORT,
        by=staff,
        narrative=delivery_reports.Narrative("已开展助餐与探访服务", "签到表不全", "扩大送餐范围"),
    )
    text = _text(report.attachment.file.open("rb").read())
    assert "中期报告" in text
    assert project.title in text
    assert "共开展服务活动 3 次，参与 63 人次，志愿服务 7.5 小时" in text
    assert "指标平均完成率 15.00%，服务期已过 50.00%，进度滞后" in text
    assert "助餐 签到表 1,000 人次 215 人次 21.50%" in text  # 120 + 95 of 1,000
    assert "探访 — 200 户 17 户 8.50%" in text  # 5 + 12 of 200
    assert "活动费 ¥60,000.00 ¥15,456.78 25.76%" in text
    assert "合计 ¥100,000.00 ¥15,456.78 15.45%" in text
    assert "已开展助餐与探访服务" in text
    assert "扩大送餐范围" in text
    assert "补齐签到表" in text
    figures = DeliveryReport.objects.get().figures
    assert figures["participants"] == 63
    assert figures["indicators"][0]["achieved"] == "215.00"
    assert figures["spent_total"] == "15456.78"


def test_the_submitted_report_meets_the_mid_term_requirement(delivered):
    project, staff = delivered
    officer = user_with_role(Role.OFFICER)
    with pytest.raises(Refused):  # no mid-term report yet
        lifecycle.open_midterm(project=project, by=officer)
    with pytest.raises(Refused):  # the narrative is required
        delivery_reports.submit_report(
            project=project,
            kind=AttachmentKind.MIDTERM_REPORT,
            by=staff,
            narrative=delivery_reports.Narrative(" ", "", ""),
        )
    delivery_reports.submit_report(
        project=project,
        kind=AttachmentKind.MIDTERM_REPORT,
        by=staff,
        narrative=delivery_reports.Narrative("进展顺利", "", ""),
    )
    attachment = project.attachments.get(kind=AttachmentKind.MIDTERM_REPORT)
    assert attachment.original_name.startswith("中期报告-")
    assert lifecycle.open_midterm(project=project, by=officer).state == ProjectState.MIDTERM_REVIEW
    # The stage is open: no mid-term report can be written any more; the final one waits.
    with pytest.raises(Refused):
        delivery_reports.save_report(
            project=project,
            kind=AttachmentKind.MIDTERM_REPORT,
            by=staff,
            narrative=delivery_reports.Narrative("x", "", ""),
        )


def test_the_report_page_saves_a_draft_and_submits(client, delivered):
    project, staff = delivered
    client.force_login(staff)
    url = reverse("grants:delivery_report", args=[project.pk])
    assert "215" in client.get(url).content.decode()
    data = {"progress_summary": "", "problems": "人手不足", "next_steps": ""}
    refused = client.post(url, {**data, "submit": "1"})
    assert refused.status_code == 409
    assert "人手不足" in refused.content.decode()  # what was typed is kept
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert DeliveryReport.objects.get().problems == "人手不足"
    preview = client.get(reverse("reports:delivery_report_pdf", args=[project.pk]))
    assert "人手不足" in _text(preview.content)
    submitted = client.post(url, {**data, "progress_summary": "服务 63 人次", "submit": "1"})
    assert submitted.status_code == 302
    assert project.attachments.filter(kind=AttachmentKind.MIDTERM_REPORT).count() == 1


def test_the_overview_workbook_has_the_rows_of_the_page(client, delivered):
    project, _staff = delivered
    client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("reports:delivery_overview_xlsx"), {"problem": "all"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["项目"] == project.title
    assert row["已支出"] == pytest.approx(15456.78)
    assert row["已到账"] == 50000
    assert row["待回复整改"] == 1


def test_the_daily_reminder_tells_each_organisation_once_a_day(
    delivered, django_capture_on_commit_callbacks
):
    project, _staff = delivered
    SiteVisitModel = project.site_visits.model
    SiteVisitModel.objects.update(
        visited_on=timezone.localdate() - timedelta(days=9),
        follow_up_due=timezone.localdate() - timedelta(days=1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_delivery_reminders")
    assert len(mail.outbox) == 1
    assert "补齐签到表" in mail.outbox[0].body
    assert "进度滞后" in mail.outbox[0].body  # 50 % gone, 11.0 % achieved
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_delivery_reminders")
    assert len(mail.outbox) == 1
    assert DeliveryReminder.objects.count() == 1


def test_after_the_mid_term_the_final_report_is_generated_and_opens_the_final_stage(delivered):
    project, staff = delivered
    project.__class__.objects.filter(pk=project.pk).update(midterm_passed=True)
    project.refresh_from_db()
    assert delivery_reports.report_due(project) == AttachmentKind.FINAL_REPORT
    with pytest.raises(Refused):  # the mid-term report is no longer due
        delivery_reports.submit_report(
            project=project,
            kind=AttachmentKind.MIDTERM_REPORT,
            by=staff,
            narrative=delivery_reports.Narrative("x", "", ""),
        )
    report = delivery_reports.submit_report(
        project=project,
        kind=AttachmentKind.FINAL_REPORT,
        by=staff,
        narrative=delivery_reports.Narrative("全年服务 63 人次", "", "形成社区助餐长效机制"),
    )
    assert "结项报告" in _text(report.attachment.file.open("rb").read())
    final = lifecycle.open_final(project=project, by=user_with_role(Role.OFFICER))
    assert final.state == ProjectState.FINAL_REVIEW


def _photographed(project, staff, how_many: int):
    records.record_activity(
        project=project,
        by=staff,
        activity=records.Activity(
            occurred_on=timezone.localdate(),
            place="白鹭社区活动室",
            community=project.community,
            kind="meal",
            participants=12,
            volunteer_hours=D("1"),
            increments={},
        ),
        photo_uploads=[photo_upload(f"p{index}.jpg") for index in range(how_many)],
    )


def _images(content: bytes) -> int:
    """The images embedded (WeasyPrint's pages share one set of resources)."""
    return len(
        {image.name for page in PdfReader(io.BytesIO(content)).pages for image in page.images}
    )


def test_the_generated_report_shows_the_photos_of_the_records(delivered):
    project, staff = delivered
    _photographed(project, staff, 2)
    report = delivery_reports.save_report(
        project=project,
        kind=AttachmentKind.MIDTERM_REPORT,
        by=staff,
        narrative=delivery_reports.Narrative("进展顺利", "", ""),
    )
    content = delivery_reports.content_for(report, today=timezone.localdate())
    document = delivery_reports.render(content)
    text = _text(document)
    assert "活动照片（2 张）" in text
    assert text.count("白鹭社区活动室") == 3  # the records table, and each photo's caption
    assert _images(document) == 2


def test_a_photo_whose_file_is_gone_is_left_out_and_logged(delivered, caplog):
    project, staff = delivered
    _photographed(project, staff, 2)
    gone = RecordPhoto.objects.filter(project=project).first()
    gone.thumbnail.storage.delete(gone.thumbnail.name)
    report = delivery_reports.save_report(
        project=project,
        kind=AttachmentKind.MIDTERM_REPORT,
        by=staff,
        narrative=delivery_reports.Narrative("进展顺利", "", ""),
    )
    document = delivery_reports.render(
        delivery_reports.content_for(report, today=timezone.localdate())
    )
    assert "活动照片（1 张）" in _text(document)
    assert _images(document) == 1
    assert f"photo {gone.pk} of record" in caplog.text


def test_a_document_fetches_only_the_files_it_was_handed():
    handed = file_url("photo/1")
    fetcher = NoFetching({handed: b"\xff\xd8 a thumbnail"})
    assert fetcher.fetch(handed).read() == b"\xff\xd8 a thumbnail"
    for url in (
        file_url("photo/2"),
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "data:image/png;base64,iVBORw0KGgo=",
    ):
        with pytest.raises(ValueError, match="fetch nothing"):
            fetcher.fetch(url)

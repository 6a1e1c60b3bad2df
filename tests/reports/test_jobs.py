"""Big exports become background jobs with progress; jobs belong to whoever asked."""

import io
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from reports.jobs import start_job
from reports.models import JobStatus, ReportJob
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_ledger_over_the_threshold_runs_as_a_job(
    client, officer, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_BACKGROUND_ROWS = 3
    for number in range(5):
        ProjectFactory(title=f"项目{number}", budget=[])
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:projects_xlsx"))
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.requested_by) == (JobStatus.DONE, 100, officer)
    page = client.get(response.url).content.decode()
    assert reverse("reports:job_download", args=[job.pk]) in page
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 1 + 5 + 1  # header, rows, totals


def test_a_running_job_page_refreshes_and_survives_reload(client, officer):
    job = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, progress=40, status=JobStatus.RUNNING
    )
    client.force_login(officer)
    for _ in range(2):
        html = client.get(reverse("reports:job", args=[job.pk])).content.decode()
        assert 'http-equiv="refresh"' in html
        assert 'value="40"' in html
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_someone_elses_job_is_404(client, officer):
    job = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, status=JobStatus.DONE
    )
    client.force_login(user_with_role(Role.OFFICER))
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_a_failed_job_says_so(client, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="call_notices_pdf", params={"call_id": 999999}, by=officer)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    client.force_login(officer)
    assert "报表无法生成" in client.get(reverse("reports:job", args=[job.pk])).content.decode()


def test_old_jobs_and_their_files_are_pruned(officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, status=JobStatus.DONE
    )
    old.file.save("old.xlsx", ContentFile(b"x"))
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    recent = ReportJob.objects.create(kind="projects_xlsx", requested_by=officer)
    call_command("prune_report_jobs", days=30, stdout=StringIO())
    assert list(ReportJob.objects.all()) == [recent]
    assert not (tmp_path / old.file.name).exists()

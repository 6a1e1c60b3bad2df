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


def _job_page(client, job, **headers) -> str:
    response = client.get(reverse("reports:job", args=[job.pk]), **headers)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    return response.content.decode()


def test_htmx_polling_gets_only_the_progress_fragment(client, officer):
    job = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, progress=40, status=JobStatus.RUNNING
    )
    client.force_login(officer)
    fragment = _job_page(client, job, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment
    assert "<h1>" not in fragment
    assert 'data-testid="job" data-status="running"' in fragment
    assert 'value="40"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert f'hx-get="{reverse("reports:job", args=[job.pk])}"' in fragment


def test_a_full_request_gets_the_page_polling_with_htmx_or_refreshing_without(client, officer):
    job = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, progress=10, status=JobStatus.QUEUED
    )
    client.force_login(officer)
    page = _job_page(client, job)
    assert "<html" in page
    assert "django_htmx/htmx-2.min.js" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert 'hx-trigger="every 2s"' in page


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_a_finished_job_shows_its_download_and_stops_polling(client, officer, headers):
    job = ReportJob.objects.create(
        kind="projects_xlsx",
        requested_by=officer,
        progress=100,
        status=JobStatus.DONE,
        filename="项目台账.xlsx",
    )
    client.force_login(officer)
    html = _job_page(client, job, **headers)
    assert reverse("reports:job_download", args=[job.pk]) in html
    assert 'data-status="done"' in html
    assert "hx-trigger" not in html
    assert "hx-get" not in html
    assert 'http-equiv="refresh"' not in html


def test_a_failed_job_stops_polling(client, officer):
    job = ReportJob.objects.create(
        kind="projects_xlsx", requested_by=officer, status=JobStatus.FAILED
    )
    client.force_login(officer)
    fragment = _job_page(client, job, HTTP_HX_REQUEST="true")
    assert "报表无法生成" in fragment
    assert "hx-trigger" not in fragment
    assert reverse("reports:job_download", args=[job.pk]) not in fragment


def test_someone_elses_job_fragment_is_404(client, officer):
    job = ReportJob.objects.create(kind="projects_xlsx", requested_by=officer)
    client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("reports:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 404

"""Long exports as background tasks (Django's Tasks API, the ``django-tasks`` backport).
The page that asks for one shows its progress and, when ready, a download link; jobs live
in the database, so they survive a page reload."""

import logging
import secrets

from django.core.files import File
from django.db import transaction
from django_tasks import task

from accounts.models import User
from reports.builders import BUILDERS
from reports.models import JobKind, JobStatus, ReportJob

logger = logging.getLogger(__name__)


def start_job(*, kind: str, params: dict, by: User) -> ReportJob:
    job = ReportJob.objects.create(kind=kind, params=params, requested_by=by)
    transaction.on_commit(lambda: build_report.enqueue(job.pk))
    return job


@task()
def build_report(job_id: int) -> None:
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        output, filename = BUILDERS[JobKind(job.kind)](job)
        extension = filename[filename.rfind(".") :]
        with output:
            job.file.save(f"{secrets.token_hex(16)}{extension}", File(output), save=False)
    except Exception as error:  # any failure is recorded for the user, never lost
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=str(error)[:2000])
        return
    job.filename = filename
    job.status = JobStatus.DONE
    job.progress = 100
    job.save(update_fields=["file", "filename", "status", "progress"])

"""``python manage.py prune_report_jobs [--days 30]`` — for cron: remove report jobs older
than N days with their files (downloads are one-off copies; the data stays in the system)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.models import ReportJob


class Command(BaseCommand):
    help = "Delete report jobs and their files older than N days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options) -> None:
        old = ReportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
        count = 0
        for job in old.iterator():
            if job.file:
                job.file.delete(save=False)
            job.delete()
            count += 1
        self.stdout.write(f"{count} report jobs removed")

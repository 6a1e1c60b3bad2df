from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from operations.queue import uses_redis


class Command(BaseCommand):
    help = (
        "Run the background task worker of the configured queue: django-tasks-db's "
        "db_worker, or with GONGYI_TASKS_BACKEND=django_tasks_rq.RQBackend an RQ worker "
        "(django-rq's rqworker with django-tasks-rq's job class). One command for systemd "
        "and `make serve` whichever queue is configured."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="stop once the queue is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        if uses_redis():
            rq_options: dict[str, Any] = {"job_class": "django_tasks_rq.Job"}
            if options["burst"]:
                rq_options["burst"] = True
            call_command("rqworker", "default", **rq_options)
        else:
            db_options: dict[str, Any] = {"batch": True} if options["burst"] else {}
            call_command("db_worker", **db_options)

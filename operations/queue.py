"""How deep the background queue is and how long its oldest task has waited, for either
backend: the database queue (django-tasks-db) or Redis (django-tasks-rq)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import django_rq
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@dataclass(frozen=True)
class QueueState:
    backend: str
    depth: int
    oldest_age_seconds: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.backend,
            "depth": self.depth,
            "oldest_age_seconds": self.oldest_age_seconds,
        }


def uses_redis() -> bool:
    return str(settings.TASKS_BACKEND).startswith("django_tasks_rq")


def _age(enqueued_at: datetime | None) -> float | None:
    if enqueued_at is None:
        return None
    if timezone.is_naive(enqueued_at):  # RQ stores UTC without a zone
        enqueued_at = timezone.make_aware(enqueued_at, UTC)
    return round(max((timezone.now() - enqueued_at).total_seconds(), 0.0), 1)


def queue_state() -> QueueState:
    """Raises whatever the backend raises when it cannot be reached."""
    if uses_redis():
        queue = django_rq.get_queue("default")
        depth = queue.count
        ids = queue.get_job_ids(0, 1)
        job = queue.fetch_job(ids[0]) if ids else None
        return QueueState("redis", depth, _age(job.enqueued_at if job else None))

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueState("database", ready.count(), _age(oldest))

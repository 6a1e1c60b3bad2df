"""Progress of a background report job, updated every few hundred rows."""

from collections.abc import Iterable, Iterator

from reports.models import ReportJob

STEP = 500  # rows between progress updates


def set_progress(job: ReportJob | None, percent: int) -> None:
    if job is None:
        return
    percent = max(0, min(99, percent))
    if percent != job.progress:
        job.progress = percent
        ReportJob.objects.filter(pk=job.pk).update(progress=percent)


def tracked(
    rows: Iterable, *, job: ReportJob | None, total: int, start: int = 0, span: int = 90
) -> Iterator:
    """Pass rows through, moving the job's progress from ``start`` by up to ``span``."""
    for count, row in enumerate(rows, start=1):
        if job is not None and total and count % STEP == 0:
            set_progress(job, start + span * count // total)
        yield row
